package dev.synclog.agent.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link SendApp}, then "SENT" on stdout, then it stays up until the file named by its first argument exists (60 s at
 * most): a test looks at the agent's files while the app runs but no longer calls. With {@code -Dsend.again=true} it
 * then sends the same calls once more before it exits: a test changes something between the two.
 * Args: stopFile, then {@link SendApp}'s.
 */
public final class SendThenWaitApp {
    public static void main(String[] args) throws Exception {
        SendApp.main(Arrays.copyOfRange(args, 1, args.length));
        System.out.println("SENT");
        System.out.flush();
        Path stop = Path.of(args[0]);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(stop) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (Boolean.getBoolean("send.again")) {
            SendApp.main(Arrays.copyOfRange(args, 1, args.length));
        }
    }
}
