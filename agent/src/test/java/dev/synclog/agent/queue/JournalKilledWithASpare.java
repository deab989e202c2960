package dev.synclog.agent.queue;

import java.nio.file.Path;

/**
 * An app to kill -9 with a spare segment ready ({@link CallJournal#prepareSpare}): {@code ROOT CALLS} sends CALLS calls
 * through segments of {@link #SEGMENT_BYTES}, a spare made ahead before the first and again once they are sent, as the
 * writer does. Prints {@code READY} then waits to be killed.
 */
final class JournalKilledWithASpare {
    static final int SEGMENT_BYTES = 1024;

    public static void main(String[] args) throws Exception {
        JournalCalls calls = JournalCalls.open(Path.of(args[0]), SEGMENT_BYTES);
        int count = Integer.parseInt(args[1]);
        if (!calls.journal.prepareSpare()) {
            throw new AssertionError("no spare segment made");
        }
        for (int i = 0; i < count; i++) {
            calls.send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        if (!calls.journal.prepareSpare()) {
            throw new AssertionError("no spare segment made");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
