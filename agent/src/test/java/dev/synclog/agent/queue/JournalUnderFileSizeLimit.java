package dev.synclog.agent.queue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * An app forked under a shell's {@code ulimit -f}: the kernel takes part of the write that crosses the file size
 * limit and fails the rest ({@code EFBIG}), as a full disk does. {@code ROOT THREADS CALLS}: THREADS threads send
 * CALLS calls each at once into a journal of 1 MiB segments, then it prints one {@code dropped REASON COUNT} line
 * per run and reason.
 */
final class JournalUnderFileSizeLimit {
    /** Pads each row so that a few dozen records reach the limit: many writes fail, each cut short. */
    static final String PADDING = "x".repeat(600);

    public static void main(String[] args) throws Exception {
        JournalCalls calls = JournalCalls.open(Path.of(args[0]), 1 << 20);
        int threads = Integer.parseInt(args[1]);
        int callsEach = Integer.parseInt(args[2]);
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Thread> sending = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                try {
                    together.await(60, TimeUnit.SECONDS);
                    for (int i = 0; i < callsEach; i++) {
                        calls.send("{\"members\":[{\"id\":\"t" + thread + "-" + i + "\",\"email\":\"" + PADDING
                                + "\"}]}", "{\"results\":[{\"ok\":true}]}");
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            sender.start();
            sending.add(sender);
        }
        for (Thread thread : sending) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a sending thread failed", failures.get(0));
        }
        calls.journal.drainDrops((run, reason, count) -> System.out.println("dropped " + reason.wireName() + " " + count));
    }
}
