package dev.synclog.exporter.run;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.synclog.exporter.load.ChangelogBatch;
import dev.synclog.exporter.queue.QueueSource;

/**
 * Reads and decodes each queue's next batch on a reader thread while the loading thread loads the one before it, so
 * that the warehouse's time and the queue's decoding overlap. At most one batch per source is read ahead, and only
 * after a non-empty one: once a queue is drained nothing is in flight, and the loading thread may use the source
 * (unreadable tail, cycle file retention) on its own. Positions still commit with their batch only, so a batch read
 * ahead and never loaded is simply read again from the committed position.
 *
 * <p>Chronicle copes badly with interrupts, so the reader thread is never interrupted: {@link #close} waits for the
 * read in flight (bounded by {@code --batch-max-wait}) and drops it.
 */
final class ReadAhead implements AutoCloseable {
    private final int maxRows;
    private final long maxWaitNanos;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "synclog-queue-reader");
        t.setDaemon(true);
        return t;
    });
    private final Map<QueueSource, Future<ChangelogBatch>> ahead = new HashMap<>();

    ReadAhead(int maxRows, long maxWaitNanos) {
        this.maxRows = maxRows;
        this.maxWaitNanos = maxWaitNanos;
    }

    /**
     * The source's next batch, read ahead or read now; when it is not empty, the one after it starts reading.
     *
     * @throws dev.synclog.exporter.queue.BadQueueException as {@link QueueSource#readBatch} does, after every batch
     *                                                       before the damage has been handed over
     */
    ChangelogBatch next(QueueSource source) throws InterruptedException {
        Future<ChangelogBatch> read = ahead.remove(source);
        ChangelogBatch batch = await(read != null ? read : readLater(source));
        if (!batch.isEmpty()) {
            ahead.put(source, readLater(source));
        }
        return batch;
    }

    private Future<ChangelogBatch> readLater(QueueSource source) {
        return reader.submit(() -> source.readBatch(maxRows, maxWaitNanos));
    }

    private static ChangelogBatch await(Future<ChangelogBatch> read) throws InterruptedException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("reading the queue failed: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for the reads in flight and drops them: after a failed load, each source resumes from the warehouse. */
    @Override
    public void close() {
        boolean interrupted = false;
        for (Future<ChangelogBatch> read : ahead.values()) {
            while (true) {
                try {
                    read.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException dropped) {
                    // The next start reads the same events again and meets the same problem in its turn.
                    break;
                }
            }
        }
        ahead.clear();
        reader.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
