package dev.synclog.agent.queue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An app whose journal runs out of disk ({@link ConfinedJvm}): a segment that cannot be made is a full disk.
 * {@code ROOT THREADS CALLS [fill]}: THREADS threads send CALLS calls each at once into a journal of
 * {@link #SEGMENT_BYTES} segments in ROOT, the middle call of each carrying a row of {@link #BIG_ROW_BYTES} (a record
 * larger than a segment gets a segment of its own: under a file size limit, one too large for the disk). With
 * {@code fill}, a filler file first takes every block of ROOT's file system that the first segment left. Then the
 * filler is deleted and, once the journal tries to make segments again, thread {@code t99} sends {@link #LAST_CALLS}
 * more. Meanwhile a thread makes spare segments ahead, as the writer does ({@link CallJournal#prepareSpare}). Prints
 * one {@code dropped REASON COUNT} line per run and reason, and {@code spares ready R missing M}: how many of the
 * spare thread's looks found a spare ready (or made one), and how many found none could be made.
 */
final class JournalOnAFullDisk {
    /** Under the file size limit the test sets (64 blocks of 512 bytes): segments of small records can be made. */
    static final int SEGMENT_BYTES = 8 << 10;
    static final int BIG_ROW_BYTES = 40 << 10;
    static final int LAST_CALLS = 20;
    /** Pads each row so that a few records fill a segment: many rolls. */
    static final String PADDING = "x".repeat(600);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        // No free-space threshold: the disk itself fills up.
        JournalCalls calls = JournalCalls.open(root, SEGMENT_BYTES, 0);
        int threads = Integer.parseInt(args[1]);
        int callsEach = Integer.parseInt(args[2]);
        Path filler = root.resolve("filler");
        if (args.length > 3) {
            fill(filler);
        }
        AtomicBoolean sendingNow = new AtomicBoolean(true);
        AtomicLong ready = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        Thread spares = new Thread(() -> {
            while (sendingNow.get()) {
                (calls.journal.prepareSpare() ? ready : missing).incrementAndGet();
                LockSupport.parkNanos(1_000_000);
            }
        }, "spares");
        spares.start();
        CyclicBarrier together = new CyclicBarrier(threads);
        List<Thread> sending = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                try {
                    together.await(60, TimeUnit.SECONDS);
                    for (int i = 0; i < callsEach; i++) {
                        send(calls, "t" + thread + "-" + i, i == callsEach / 2 ? "y".repeat(BIG_ROW_BYTES) : PADDING);
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
        Files.deleteIfExists(filler);
        // Past the pause after a segment could not be made: the next roll tries again.
        Thread.sleep(1000);
        for (int i = 0; i < LAST_CALLS; i++) {
            send(calls, "t99-" + i, PADDING);
        }
        sendingNow.set(false);
        spares.join();
        System.out.println("spares ready " + ready + " missing " + missing);
        calls.journal.drainDrops((run, reason, count) -> System.out.println("dropped " + reason.wireName() + " " + count));
    }

    private static void fill(Path filler) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            System.out.println("disk filled: " + full.getMessage());
        }
    }

    private static void send(JournalCalls calls, String id, String email) throws Exception {
        calls.send("{\"members\":[{\"id\":\"" + id + "\",\"email\":\"" + email + "\"}]}", "{\"results\":[{\"ok\":true}]}");
    }
}
