package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Run with the synclog agent on a queue whose last process exited before its writer had written all it journaled
 * (the writer's drain at exit is bounded): makes no call, and waits until the agent has written the dead journal
 * into the queue and deleted it, that is until the journal directory holds no file but this process's own. Exits 1
 * if that takes longer than {@code timeoutSeconds}. JDK classes only: it runs from a class directory of its own.
 * Args: journalDir timeoutSeconds
 */
public final class JournalRecoveryApp {
    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        String own = ProcessHandle.current().pid() + "-";
        List<Path> left;
        while (!(left = othersFiles(journal, own)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                System.out.println("RECOVERY unfinished after " + args[1] + " s: " + left + " still in " + journal);
                System.exit(1);
            }
            Thread.sleep(100);
        }
        System.out.println("RECOVERY done");
    }

    private static List<Path> othersFiles(Path journal, String own) throws Exception {
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(journal)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(own)).toList();
        }
    }
}
