package dev.synclog.exporter.queue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SchemaVersion;
import dev.synclog.events.SyncEvent;
import dev.synclog.events.SyncEvents;
import dev.synclog.exporter.load.BatchAssembler;
import dev.synclog.exporter.load.ChangelogBatch;
import dev.synclog.exporter.load.ReadPositions;

/**
 * One agent's queue, read from the position committed in the warehouse. The tailer never computes
 * "index + 1" (wrong across a cycle roll): it moves to the committed index, reads that excerpt, and goes on.
 */
public final class QueueSource implements AutoCloseable {
    private final Path dir;
    private final String sourceId;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final MethodReader reader;
    private BatchAssembler assembler;
    /** The event the method reader just delivered; handled once readOne() tells its index. */
    private SyncEvent<?> pending;
    private String unknownEvent;
    /** Damage met while reading a batch, thrown by the next read once the events before it are loaded. */
    private BadQueueException damage;

    /** @param log where a repair made while opening the queue is said */
    public QueueSource(Path dir, PrintWriter log) throws IOException {
        this.dir = dir;
        this.queue = QueueDamage.open(dir, log);
        this.sourceId = QueueLayout.readSourceId(dir);
        this.tailer = QueueDamage.tailer(dir, queue);
        // The exporter's reader thread reads batches and its loading thread looks at the tail once the queue is
        // drained, never both at once: each hands the tailer over through a Future (see ReadAhead).
        tailer.singleThreadedCheckDisabled(true);
        this.reader = tailer.methodReaderBuilder()
                .defaultParselet((name, in) -> {
                    unknownEvent = name.toString();
                    in.skipValue();
                })
                .build(new SyncEvents() {
                    public void agentStarted(AgentStarted e) { pending = e; }
                    public void runStarted(RunStarted e) { pending = e; }
                    public void callRows(CallRows e) { pending = e; }
                    public void callCompleted(CallCompleted e) { pending = e; }
                    public void rowResult(RowResult e) { pending = e; }
                    public void runFinished(RunFinished e) { pending = e; }
                    public void eventsDropped(EventsDropped e) { pending = e; }
                });
    }

    /** A queue's source id, once it is clear the exporter may use the directory (else "not a queue" would mislead). */
    public static String sourceIdOf(Path dir) throws IOException {
        QueueDamage.checkAccess(dir);
        return QueueLayout.readSourceId(dir);
    }

    public Path dir() {
        return dir;
    }

    public String sourceId() {
        return sourceId;
    }

    public SingleChronicleQueue queue() {
        return queue;
    }

    /** Positions the tailer just after {@code committedIndex} and starts assembling from there. */
    public void resumeAfter(ReadPositions.Position position) {
        long committed = position.lastIndex();
        damage = null;
        try {
            if (committed == ReadPositions.NOTHING_READ) {
                tailer.toStart();
            } else {
                if (!tailer.moveToIndex(committed)) {
                    throw new BadQueueException(dir, committed, "the warehouse's committed position is not in the queue;"
                            + " were cycle files deleted by hand? Restore them, or reset the source in sync_sources");
                }
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        throw new BadQueueException(dir, committed, "the committed excerpt cannot be read");
                    }
                }
            }
        } catch (BadQueueException e) {
            throw e;
        } catch (Exception e) {
            throw QueueDamage.cannotOpen(dir, e);
        }
        assembler = new BatchAssembler(sourceId, committed, position.agent());
    }

    /**
     * Reads until at least {@code maxRows} rows (a call's rows are never split between batches), {@code maxWaitNanos} since the first event, or the end of the
     * queue, whichever comes first.
     *
     * @throws BadQueueException for an event this exporter cannot read
     */
    public ChangelogBatch readBatch(int maxRows, long maxWaitNanos) {
        if (damage != null) {
            throw damage;
        }
        long start = System.nanoTime();
        try {
            while (assembler.rowCount() < maxRows && System.nanoTime() - start < maxWaitNanos && readOne()) {
                // readOne() hands each event to the assembler
            }
        } catch (BadQueueException e) {
            // What was read before the damage is a whole batch: it is loaded first, the next call stops.
            damage = e;
            ChangelogBatch beforeDamage = assembler.take();
            if (beforeDamage.isEmpty()) {
                throw e;
            }
            return beforeDamage;
        }
        return assembler.take();
    }

    /**
     * After a read that found no more events: whether the queue says more were written than could be read.
     *
     * @return the problem, or null when everything written has been read
     */
    public BadQueueException unreadableTail() {
        return QueueDamage.unreadableTail(dir, queue, tailer);
    }

    /** Excerpts written after {@code index}, or -1 when the queue cannot tell. */
    public long eventsAfter(long index) {
        try {
            long last = queue.lastIndex();
            if (last < 0 || index >= last) {
                return 0;
            }
            if (index == ReadPositions.NOTHING_READ) {
                return queue.countExcerpts(queue.firstIndex(), last) + 1;
            }
            return queue.countExcerpts(index, last);
        } catch (RuntimeException cannotCount) {
            return -1;
        }
    }

    private boolean readOne() {
        pending = null;
        unknownEvent = null;
        boolean read;
        long next = tailer.index();
        try {
            read = reader.readOne();
        } catch (Exception e) {
            throw QueueDamage.cannotDecode(dir, queue, next, e);
        }
        if (!read) {
            return false;
        }
        long index = tailer.lastReadIndex();
        if (unknownEvent != null) {
            throw new BadQueueException(dir, index, "unknown event type '" + unknownEvent + "'; this exporter reads "
                    + "schema version " + SchemaVersion.CURRENT + ": upgrade the exporter to match the agent");
        }
        if (pending == null) {
            assembler.skipped(index);
            return true;
        }
        if (pending.version() > SchemaVersion.CURRENT) {
            throw new BadQueueException(dir, index, "event version " + pending.version() + " is newer than version "
                    + SchemaVersion.CURRENT + " this exporter reads: upgrade the exporter to match the agent");
        }
        try {
            dispatch(pending, index);
        } catch (IllegalArgumentException e) {
            throw QueueDamage.unreadableValue(dir, queue, index, e.getMessage());
        }
        return true;
    }

    private void dispatch(SyncEvent<?> event, long index) {
        if (event instanceof CallRows e) {
            assembler.callRows(e, index);
        } else if (event instanceof RowResult e) {
            assembler.rowResult(e, index);
        } else if (event instanceof RunStarted e) {
            assembler.runStarted(e, index);
        } else if (event instanceof RunFinished e) {
            assembler.runFinished(e, index);
        } else if (event instanceof AgentStarted e) {
            if (e.sourceId() != null && !e.sourceId().equals(sourceId)) {
                throw new BadQueueException(dir, index, "this agent start belongs to source " + e.sourceId() + ", but the"
                        + " directory is source " + sourceId + " (its " + QueueLayout.SOURCE_ID_FILE + " file): cycle"
                        + " files of another queue were moved in; move them back to the directory they came from, or"
                        + " into a directory of their own whose " + QueueLayout.SOURCE_ID_FILE + " reads "
                        + e.sourceId() + ", and load that with another --queue");
            }
            assembler.agentStarted(e, index);
        } else if (event instanceof EventsDropped e) {
            assembler.eventsDropped(e, index);
        } else {
            // CallCompleted (schema version 1): its outcome is already on every row result of the call.
            assembler.skipped(index);
        }
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
