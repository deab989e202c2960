package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Many threads' records into one file, with one gathering write for all the records waiting (flat combining). A
 * thread queues its record, then either becomes the combiner, which writes every record queued in one call, or waits
 * until a combiner has written its record. With 64 app threads on 2 cores, one lock held across each thread's own
 * {@code write} made a convoy: the holder was preempted while the others queued behind it, each costing a wake-up.
 * Here a waiter leaves as soon as its record is written, without taking any lock.
 *
 * <p>Why the journal's guarantee holds: a thread returns only once its record's bytes are the kernel's (the gathering
 * write returned past them), so a kill -9 still loses nothing journaled; one combiner writes at a time, records are
 * written whole and in queue order, and a thread queues its next record only after the last one was written, so each
 * thread's records keep their order. The record's buffer is its thread's own, valid while that thread waits.
 */
final class GroupCommit {
    /** Spins before a waiter parks: a combiner's write takes microseconds, a park and wake-up costs about as much. */
    private static final int SPINS = 64;
    /** Linux's IOV_MAX: one gathering write takes no more buffers. */
    private static final int MAX_BATCH = 1024;

    /**
     * Writes {@code count} records, each buffer's position advanced past what reached the file; a record whose buffer
     * still has bytes left was not written whole. Called by one thread at a time.
     */
    interface Batches {
        void write(ByteBuffer[] records, int count);
    }

    private final Batches batches;
    private final Queue<Waiting> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean combining = new AtomicBoolean();
    /** The combiner's, reused: only the thread that set {@link #combining} touches them. */
    private final ByteBuffer[] records = new ByteBuffer[MAX_BATCH];
    private final Waiting[] batch = new Waiting[MAX_BATCH];

    GroupCommit(Batches batches) {
        this.batches = batches;
    }

    /** True once {@code record} is in the file whole; false when the write carrying it failed first (part may be). */
    boolean append(ByteBuffer record) {
        Waiting mine = new Waiting(Thread.currentThread(), record);
        queued.add(mine);
        // An interrupt would close the shared channel under every thread's write, and would end each park at once:
        // it is kept aside while the record waits, and restored after.
        boolean interrupted = Thread.interrupted();
        int spins = 0;
        while (mine.outcome == Waiting.QUEUED) {
            if (!combining.get() && combining.compareAndSet(false, true)) {
                try {
                    combine();
                } finally {
                    combining.set(false);
                    wakeNextCombiner();
                }
            } else if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                mine.parked = true;
                if (mine.outcome == Waiting.QUEUED) {
                    LockSupport.park(this);
                }
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mine.outcome == Waiting.WRITTEN;
    }

    /**
     * Writes {@code records[0..count)} to {@code channel}, in as many gathering writes as the kernel needs; returns the
     * bytes written. When a write fails, each buffer's position still shows what of it reached the channel.
     */
    static long writeAll(GatheringByteChannel channel, ByteBuffer[] records, int count) throws IOException {
        long bytes = 0;
        int first = 0;
        while (first < count) {
            bytes += channel.write(records, first, count - first);
            while (first < count && !records[first].hasRemaining()) {
                first++;
            }
        }
        return bytes;
    }

    /**
     * Records queued while a combiner wrote have waiters that found it busy and may be parked: the first is woken to
     * combine them. Read after {@link #combining} is cleared, so a waiter that still found it set has queued by now.
     */
    private void wakeNextCombiner() {
        Waiting next = queued.peek();
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    private void combine() {
        int count = 0;
        Waiting next;
        while (count < MAX_BATCH && (next = queued.poll()) != null) {
            batch[count] = next;
            records[count++] = next.record;
        }
        try {
            batches.write(records, count);
        } finally {
            // Every waiter gets its outcome, whatever the write threw: none waits for ever.
            for (int i = 0; i < count; i++) {
                Waiting done = batch[i];
                done.outcome = done.record.hasRemaining() ? Waiting.FAILED : Waiting.WRITTEN;
                if (done.parked) {
                    LockSupport.unpark(done.thread);
                }
                batch[i] = null;
                records[i] = null;
            }
        }
    }

    private static final class Waiting {
        static final int QUEUED = 0;
        static final int WRITTEN = 1;
        static final int FAILED = 2;

        final Thread thread;
        final ByteBuffer record;
        volatile int outcome;
        /** Set before the waiter's last look at {@link #outcome}: the combiner reads it after setting the outcome. */
        volatile boolean parked;

        Waiting(Thread thread, ByteBuffer record) {
            this.thread = thread;
            this.record = record;
        }
    }
}
