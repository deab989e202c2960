package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import dev.synclog.agent.AgentLog;

/**
 * The writer's side of a journal on disk: its segments one after the other, in position order. A live journal's
 * segment ends where its process closed it, before making the next one ({@link MappedSegment#close}). Segments read to
 * their end are deleted once nothing in them is needed any more ({@link #release}).
 */
final class SegmentedJournal implements JournalSource {
    /**
     * The writer's first pause when it has caught up. Each look costs its thread about 15 µs of CPU on the build
     * machine (mostly the kernel's: waking, reading); a job whose calls come every few milliseconds catches it up after
     * each call, and looks from 0.1 ms on, doubling, cost it about 60 µs a call, as much as writing the call
     * (docs/performance.md). A call's events reach the queue at most this much later; a backlog is read without
     * pauses.
     */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long HELD_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Segments not opened yet; a live journal's process adds one at each roll. */
    private final Queue<JournalSegment> upcoming;
    private final boolean live;
    /** Segments read to their end, oldest first, with the position where each ends. */
    private final Deque<Read> read = new ArrayDeque<>();
    private JournalFile current;
    private long position;
    private int readAtLastLook;
    private long lastLookNanos;
    private volatile Thread reader;
    private volatile boolean woken;

    SegmentedJournal(Queue<JournalSegment> upcoming, boolean live) {
        this.upcoming = upcoming;
        this.live = live;
    }

    @Override
    public JournalEntry next(long timeoutMillis) throws IOException {
        reader = Thread.currentThread();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            JournalEntry entry = readOne();
            if (entry != null || (!live && current == null) || System.nanoTime() >= deadline) {
                return entry;
            }
            if (woken) {
                woken = false;
                return null;
            }
            // App threads do not signal each append (a wake-up costs them a system call): the writer looks again soon.
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    private JournalEntry readOne() throws IOException {
        while (current != null || open()) {
            JournalEntry entry = current.next();
            if (entry != null) {
                position = current.position();
                return entry;
            }
            if (!current.ended()) {
                return null;
            }
            read.add(new Read(current.segment(), current.position()));
            current.close();
            current = null;
        }
        return null;
    }

    /** Opens the next segment; false when there is none. A dead journal's segment deleted meanwhile is skipped. */
    private boolean open() throws IOException {
        JournalSegment segment;
        while ((segment = upcoming.poll()) != null) {
            try {
                current = new JournalFile(segment, live);
                return true;
            } catch (NoSuchFileException gone) {
                if (live) {
                    throw gone;
                }
                // another agent recovered it, or its process deleted it at exit: what it held is written
            }
        }
        return false;
    }

    @Override
    public void wakeUp() {
        woken = true;
        LockSupport.unpark(reader);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean drained() {
        return (current == null || current.drained()) && upcoming.isEmpty();
    }

    /**
     * Deletes the segments read to their end that end at or before the first position still needed. That position is
     * asked for only when a segment was read to its end since the last look, or a while after it: a segment held by a
     * call in flight is looked at again every {@link #HELD_LOOK_NANOS}.
     */
    @Override
    public void release(LongSupplier firstPositionNeeded) {
        if (read.isEmpty() || (read.size() == readAtLastLook && System.nanoTime() - lastLookNanos < HELD_LOOK_NANOS)) {
            return;
        }
        long neededFrom = firstPositionNeeded.getAsLong();
        while (!read.isEmpty() && read.peekFirst().end() <= neededFrom) {
            Read done = read.pollFirst();
            try {
                Files.deleteIfExists(done.segment().path());
            } catch (IOException e) {
                AgentLog.warn("cannot delete the journal segment " + done.segment().path() + " ("
                        + AgentLog.describe(e) + "): the next agent on this queue deletes it");
            }
        }
        readAtLastLook = read.size();
        lastLookNanos = System.nanoTime();
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private record Read(JournalSegment segment, long end) {
    }
}
