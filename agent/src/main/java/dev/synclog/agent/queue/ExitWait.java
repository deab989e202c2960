package dev.synclog.agent.queue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How long the JVM's exit waits for the queue writer: for as long as the writer keeps writing, up to a limit. A fixed
 * drain time cut off a writer that was merely slow (a cold JVM on busy cores, its queue opening at exit), which left
 * a short job's last run out of the warehouse until the job's next start; waiting without a limit would let a stuck
 * disk hold the app's exit for good.
 */
final class ExitWait {
    /** An opening shows no progress until it is done: a cold one takes about a second, several on busy cores. */
    private static final long OPEN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Longer than the exit's wait for calls in flight (3 s), during which the writer writes nothing. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long openNanos;
    private final long stallNanos;
    private final long limitNanos;

    /**
     * @param openNanos  how long the queue may take to open
     * @param stallNanos how long the writer may go without writing once the queue is open (or could not be opened)
     * @param limitNanos the whole wait's limit, opening included
     */
    ExitWait(long openNanos, long stallNanos, long limitNanos) {
        this.openNanos = openNanos;
        this.stallNanos = stallNanos;
        this.limitNanos = limitNanos;
    }

    /** The writer's wait at exit, at most {@code limitSeconds} (queue.max_exit_wait_seconds). */
    static ExitWait upTo(int limitSeconds) {
        return new ExitWait(OPEN_NANOS, STALL_NANOS, TimeUnit.SECONDS.toNanos(limitSeconds));
    }

    /**
     * Waits for {@code stopped}, from {@code startNanos} ({@link System#nanoTime}) on.
     *
     * @param progress a count the writer raises as it writes: the wait goes on while it moves
     * @return empty when the writer stopped; else why the wait gave up, for the exit's warning
     */
    Optional<String> await(CountDownLatch opened, CountDownLatch stopped, LongSupplier progress, long startNanos)
            throws InterruptedException {
        long limit = startNanos + limitNanos;
        if (!opened.await(remaining(Math.min(startNanos + openNanos, limit)), TimeUnit.NANOSECONDS)) {
            // The writer counts {@code opened} down before {@code stopped}, so it has not stopped either.
            return Optional.of("the queue had not opened after " + duration(Math.min(openNanos, limitNanos)));
        }
        long seen = progress.getAsLong();
        long lastMove = System.nanoTime();
        while (!stopped.await(Math.min(POLL_NANOS, remaining(limit)), TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            long current = progress.getAsLong();
            if (current != seen) {
                seen = current;
                lastMove = now;
            } else if (now - lastMove >= stallNanos) {
                return Optional.of("the writer wrote nothing for " + duration(stallNanos));
            }
            if (now - limit >= 0) {
                return Optional.of(duration(limitNanos) + " passed, queue.max_exit_wait_seconds");
            }
        }
        return Optional.empty();
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    private static String duration(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
