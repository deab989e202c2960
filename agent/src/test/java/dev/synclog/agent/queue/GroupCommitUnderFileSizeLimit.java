package dev.synclog.agent.queue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An app forked under {@code ulimit -f} ({@link FileSizeLimitedJvm}) that makes one combined write cross the file
 * size limit. {@code FILE THREADS}: the first thread's record is held in its write until every other thread's record
 * waits, so the next combiner writes those all in one gathering write. Prints {@code record N written|dropped} per
 * thread.
 */
final class GroupCommitUnderFileSizeLimit {
    static final int RECORD_BYTES = 100;

    /** {@code record N}, dots, a newline: {@link #RECORD_BYTES} bytes. */
    static String record(int n) {
        String start = "record " + n;
        return start + ".".repeat(RECORD_BYTES - 1 - start.length()) + "\n";
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[1]);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        try (FileChannel file = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            GroupCommit commit = new GroupCommit((records, count) -> {
                try {
                    if (first.getAndSet(false)) {
                        release.await();
                    }
                    GroupCommit.writeAll(file, records, count);
                } catch (Exception e) {
                    System.out.println("write failed after " + count + " records queued: " + e);
                }
            });
            String[] outcomes = new String[threads];
            List<Thread> appending = new ArrayList<>();
            for (int n = 0; n < threads; n++) {
                int record = n;
                Thread thread = new Thread(() -> outcomes[record] = commit.append(ByteBuffer.wrap(
                        record(record).getBytes(StandardCharsets.US_ASCII))) ? "written" : "dropped");
                appending.add(thread);
                thread.start();
                // The first holds the write; each other parks (after its spins) until a combiner wrote its record.
                while (thread.getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
            }
            release.countDown();
            for (Thread thread : appending) {
                thread.join();
            }
            for (int n = 0; n < threads; n++) {
                System.out.println("record " + n + " " + outcomes[n]);
            }
        }
    }
}
