package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.rows.CallInterpretation;
import dev.synclog.agent.rows.RequestRows;
import dev.synclog.agent.rows.TextColumn;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.runs.RunTracker;
import dev.synclog.events.DropReason;
import dev.synclog.events.OwnerOnly;
import dev.synclog.events.QueueLayout;

/**
 * Where app threads hand run boundaries and calls to the writer, in the order they happen: a journal per agent process
 * under {@code QUEUE/journal/}. An app thread claims its record's place in a shared mapping of the current segment and
 * copies the record there ({@link MappedSegment}): no lock, no system call. The pages are the kernel's, so a kill -9
 * of the app loses nothing journaled; the next agent on the queue turns what was not yet written to the queue into
 * events (docs/agent.md, "Crash safety"). Each segment's blocks are allocated before it is mapped: a full disk fails
 * the making of a segment (calls are dropped and counted until one can be made), never kills the app with SIGBUS.
 *
 * <p>The journal is a run of segment files ({@link JournalSegment}) of {@link #SEGMENT_BYTES} each: a record that
 * does not fit in what is left of one closes it and starts the next, and the writer deletes those it no longer needs,
 * so a process that runs for weeks keeps a journal of a few segments. The writer also makes the next segment ahead
 * ({@link #prepareSpare}): a roll on an app thread then only renames its file, and makes one itself (writing a
 * segment's worth of zeros while the other app threads wait) only when no spare is ready. A lock file, held for the
 * life of the process, tells the next agent the journal's process is alive.
 *
 * <p>When the files cannot be created, records wait in memory instead, bounded like calls in flight: past the bound a
 * call is dropped and counted, so a stalled writer never grows the app's heap.
 */
public final class CallJournal implements RunTracker.RunListener {
    static final String DIR = QueueLayout.JOURNAL_DIR;
    static final String LOCK_SUFFIX = ".lock";
    /** For tests that cross many segments in a short run; users have no reason to change it. */
    static final String SEGMENT_BYTES_PROPERTY = "synclog.journal.segmentBytes";
    /**
     * A segment is allocated whole when made (written out with zeros, ahead by the writer) and its pages count
     * in the app's resident memory as they are written: small enough for both, large enough that rolls are rare.
     */
    static final long SEGMENT_BYTES = 16L << 20;
    private static final long ROLL_RETRY_NANOS = 250_000_000L;

    private final Path dir;
    private final String id;
    private final long segmentBytes;
    private FileChannel lock;
    /** Segments for the writer to read, in order: the first, then one per roll. */
    private final Queue<JournalSegment> segments = new ConcurrentLinkedQueue<>();
    private final MemoryJournal memory;
    private final DiskGuard disk;
    private final Map<String, Run> liveRuns = new ConcurrentHashMap<>();
    /**
     * Events dropped on the app side and not yet counted by the writer, by run and reason: taken out whole when
     * counted, so that a process with a run per invocation does not keep a key for every run that ever dropped.
     */
    private final Map<DropKey, Long> dropped = new ConcurrentHashMap<>();
    /** Keys of calls whose request was journaled and whose end was dropped: the writer stops waiting for them. */
    private final Queue<Long> endsDropped = new ConcurrentLinkedQueue<>();
    private final AtomicLong callKeys = new AtomicLong();
    /** Guards rolls: one thread makes the next segment while the others wait for it. */
    private final Object rolling = new Object();
    /** The segment appended to. */
    private volatile MappedSegment current;
    /** After a segment could not be made, the next try waits until then: each try writes a segment's worth. */
    private long nextRollNanos;
    /** The next segment, made ahead by the writer; null while none is ready. Taken holding {@link #rolling}. */
    private final AtomicReference<SpareSegment> spare = new AtomicReference<>();
    /** As {@link #nextRollNanos}, for the writer's spares. */
    private long nextSpareNanos;
    private volatile boolean closed;
    private boolean rollFailureLogged;

    private CallJournal(Path dir, String id, long segmentBytes, FileChannel lock, MemoryJournal memory,
                        DiskGuard disk) {
        this.dir = dir;
        this.id = id;
        this.segmentBytes = segmentBytes;
        this.lock = lock;
        this.memory = memory;
        this.disk = disk;
    }

    /**
     * The journal of this process in {@code queueDir}, created owner-only; in memory when it cannot be (the reason is
     * logged once).
     */
    public static CallJournal open(Path queueDir, long minFreeDiskBytes, int maxCalls, long maxBytes) {
        Long configured = Long.getLong(SEGMENT_BYTES_PROPERTY);
        return open(queueDir, minFreeDiskBytes, maxCalls, maxBytes,
                configured != null && configured > 0 ? configured : SEGMENT_BYTES);
    }

    static CallJournal open(Path queueDir, long minFreeDiskBytes, int maxCalls, long maxBytes, long segmentBytes) {
        DiskGuard disk = new DiskGuard(queueDir, minFreeDiskBytes);
        MemoryJournal memory = new MemoryJournal(maxCalls, maxBytes);
        Path dir = queueDir.resolve(DIR);
        String id = ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
        JournalSegment first = JournalSegment.of(dir, id, 0);
        Path lockFile = dir.resolve(id + LOCK_SUFFIX);
        FileChannel lock = null;
        try {
            OwnerOnly.createDirectories(dir);
            // Locked before the first segment exists, and held until the process ends, however it ends: the next
            // agent recovers only journals whose lock nobody holds (the kernel releases a dead process's locks).
            lock = create(lockFile);
            if (lock.tryLock() == null) {
                throw new IOException("another process holds " + lockFile);
            }
            CallJournal journal = new CallJournal(dir, id, segmentBytes, lock, null, disk);
            synchronized (journal.rolling) {
                journal.roll(0);
            }
            return journal;
        } catch (IOException | UnsupportedOperationException e) {
            AgentLog.warn("cannot create the journal " + first.path().toAbsolutePath() + " (" + AgentLog.describe(e)
                    + "): calls wait for the writer in memory, and a kill -9 of the app loses those not yet written;"
                    + " set queue.dir to a directory the app's user can write");
            closeAndDelete(lock, lockFile);
            return new CallJournal(dir, null, segmentBytes, null, memory, disk);
        }
    }

    private static FileChannel create(Path file) throws IOException {
        return OwnerOnly.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static void closeAndDelete(FileChannel channel, Path file) {
        try {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // an unheld lock file with no segment is ignored by the next agent
        }
    }

    @Override
    public void runStarted(Run run) {
        liveRuns.put(run.runId(), run);
        append(JournalFormat.runBegan(run.runId(), run.runMethod(), run.startMicros()), false, null, 0);
    }

    @Override
    public void runExited(Run run, String error) {
        append(JournalFormat.runEnded(run.runId(), error), false, null, 0);
    }

    /** The call's request rows: journaled before the response, so a call in flight at a kill is still accounted for. */
    public void callSent(CallRecord call, RequestRows rows) {
        String[] ops = new String[rows.size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = rows.op(i);
        }
        call.journalKey = callKeys.incrementAndGet();
        EndpointRule rule = call.endpoint;
        JournalFormat.Record record = JournalFormat.callSent(call.journalKey, call.run.runId(), rule.syncId(), rule.name(),
                rule.destination(), rule.object(), call.method, urlWithoutQuery(call), call.startEpochMicros,
                rows.unreadable(), rows.storedIds(), TextColumn.of(ops), rows.storedFields());
        if (!append(record, true, call.run, eventsOf(rows.size()))) {
            call.journalKey = 0;
        }
    }

    /** How the call ended; only after {@link #callSent} journaled its request. */
    public void callEnded(CallRecord call, CallInterpretation result) {
        if (call.journalKey == 0) {
            return;
        }
        String[] statuses = new String[result.rows().size()];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = result.status(i).wireName();
        }
        if (!append(JournalFormat.callEnded(call.journalKey, call.status, (call.endNanos - call.startNanos) / 1000,
                call.error == null ? null : call.error.getClass().getName(), result.callError(), statuses,
                result.failureReasons()),
                true, call.run, eventsOf(statuses.length))) {
            endsDropped.add(call.journalKey);
        }
    }

    /** The URL as events store it: a query string may hold an API key, and never reaches disk. */
    static String urlWithoutQuery(CallRecord call) {
        String url = call.uri.toString();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** A call dropped whole is its call event and one row event per row: drops are counted in events, as written. */
    private static long eventsOf(int rows) {
        return 1 + rows;
    }

    /**
     * False when the record was dropped (and its {@code events} counted against {@code run}). Run boundaries are never
     * dropped.
     */
    private boolean append(JournalFormat.Record record, boolean isCall, Run run, long events) {
        DropReason reason;
        if (memory != null) {
            if (memory.offer(record.copy(), isCall)) {
                return true;
            }
            reason = DropReason.BACKLOG_FULL;
        } else if (isCall && !disk.hasRoom()) {
            reason = DropReason.DISK_LOW;
        } else if (appendToSegment(record.buffer())) {
            return true;
        } else {
            reason = DropReason.WRITE_FAILED;
        }
        if (run != null) {
            dropped.merge(new DropKey(run.runId(), reason), events, Long::sum);
        }
        return false;
    }

    /** False when no segment has room for {@code record} now (a full disk): the caller drops and counts it. */
    private boolean appendToSegment(ByteBuffer record) {
        MappedSegment segment = current;
        while (!segment.append(record)) {
            segment = rolledPast(segment, record.remaining());
            if (segment == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The segment after {@code full}, made if no other thread made it yet; null when none can be made now (tried again
     * a while later) or the journal is deleted.
     */
    private MappedSegment rolledPast(MappedSegment full, int recordBytes) {
        synchronized (rolling) {
            if (current != full) {
                return current;
            }
            if (closed || System.nanoTime() - nextRollNanos < 0) {
                return null;
            }
            // A FileChannel used by an interrupted thread closes itself: the app thread's interrupt waits for the roll.
            boolean interrupted = Thread.interrupted();
            try {
                roll(recordBytes);
            } catch (IOException e) {
                nextRollNanos = System.nanoTime() + ROLL_RETRY_NANOS;
                if (!rollFailureLogged) {
                    rollFailureLogged = true;
                    AgentLog.warn("cannot make the next journal segment in " + dir
                            + " (" + AgentLog.describe(e) + "): calls are dropped and counted until one can be made;"
                            + " check the space and permissions of " + dir);
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return current;
        }
    }

    /**
     * Makes the next segment, room for a record of {@code recordBytes} at least (a record larger than a segment gets a
     * segment of its own size), then closes the current one. If the next cannot be made (a full disk), appends go on
     * in the current one while records fit there. Holding {@link #rolling}.
     */
    private void roll(int recordBytes) throws IOException {
        MappedSegment old = current;
        JournalSegment next = JournalSegment.of(dir, id, old == null ? 0 : old.end());
        lockStillHeld();
        MappedSegment made = takeSpare(next, recordBytes);
        if (made == null) {
            made = MappedSegment.create(next, Math.max(segmentBytes, recordBytes));
        }
        if (old != null) {
            // Before the writer learns of the next segment: it reads this one to its end, then moves on.
            old.close();
        }
        current = made;
        segments.add(next);
        rollFailureLogged = false;
    }

    /**
     * The spare as the segment {@code next}, if one is ready and a record of {@code recordBytes} fits in it; else null,
     * and the roll makes the segment. Holding {@link #rolling}.
     */
    private MappedSegment takeSpare(JournalSegment next, int recordBytes) {
        SpareSegment ready = spare.get();
        if (ready == null || !ready.fits(recordBytes)) {
            return null;
        }
        try {
            return ready.takeAs(next);
        } catch (IOException e) {
            // Made in a queue directory deleted since: the roll makes the segment in the new one.
            ready.discard();
            return null;
        } finally {
            // Only once its file has left the spare's name: the writer, finding no spare, makes one under that name.
            spare.set(null);
        }
    }

    /**
     * Makes the next segment ahead, when none is ready, for a roll to take: called by the writer thread, which can
     * spend the milliseconds of writing a segment's zeros; the app threads cannot. None is made below the free-space
     * threshold (the spare would take what calls are dropped to keep), a while after one could not be made, or while
     * the journal's lock file is missing (a file of a live journal must never sit without its held lock). A spare that
     * cannot be made is not reported: the roll then makes its segment itself, and reports if it fails too. True when a
     * spare is ready.
     */
    boolean prepareSpare() {
        if (spare.get() != null) {
            return true;
        }
        long now = System.nanoTime();
        if (memory != null || closed || now - nextSpareNanos < 0 || !disk.hasRoom()
                || !Files.exists(dir.resolve(id + LOCK_SUFFIX))) {
            return false;
        }
        try {
            spare.set(SpareSegment.make(dir, id, segmentBytes));
            return true;
        } catch (IOException | RuntimeException e) {
            nextSpareNanos = now + ROLL_RETRY_NANOS;
            return false;
        }
    }

    /**
     * The lock file again, when the queue directory was deleted under the journal: a segment of a live journal must
     * never sit in a directory without its held lock, or the next agent would recover it as a dead one.
     */
    private void lockStillHeld() throws IOException {
        Path lockFile = dir.resolve(id + LOCK_SUFFIX);
        if (Files.exists(lockFile)) {
            return;
        }
        OwnerOnly.createDirectories(dir);
        FileChannel relocked = create(lockFile);
        if (relocked.tryLock() == null) {
            relocked.close();
            throw new IOException("another process holds " + lockFile);
        }
        lock.close();
        lock = relocked;
    }

    /**
     * The queue directory was made again: the next append goes into a new segment there (with its lock), so that
     * what is journaled from now on is found after a crash.
     */
    void startAgainInQueueDir() {
        if (memory != null) {
            return;
        }
        synchronized (rolling) {
            try {
                if (!closed) {
                    roll(0);
                }
            } catch (IOException e) {
                AgentLog.failure("starting the journal again in " + dir, e);
            }
        }
    }

    /** The live run of {@code runId}, or null once the writer ended it (or for a run of another process). */
    Run liveRun(String runId) {
        return liveRuns.get(runId);
    }

    void forget(String runId) {
        liveRuns.remove(runId);
    }

    /** Events of calls dropped on the app side since the last look, by run and reason, as the writer counts them. */
    void drainDrops(DropCounter counter) {
        for (DropKey key : dropped.keySet()) {
            // Atomic with the app threads' merge: a drop counted meanwhile is in this count or makes the key again.
            Long count = dropped.remove(key);
            if (count != null) {
                counter.dropped(key.runId(), key.reason(), count);
            }
        }
    }

    /** Calls whose end was dropped since the last look, by key: their requests need no longer be kept. */
    void drainEndsDropped(Consumer<Long> callKey) {
        Long key;
        while ((key = endsDropped.poll()) != null) {
            callKey.accept(key);
        }
    }

    /** What the writer reads: the segments from the first on, or the memory fallback. */
    JournalSource source() {
        return memory != null ? memory : new SegmentedJournal(segments, true);
    }

    /** {@code PID-STARTMILLIS}, what names this process's journal files; null in memory. */
    String id() {
        return id;
    }

    /**
     * Deletes this process's journal once the writer wrote all of it. The spare goes first, then the lock: a segment
     * left by a crash in between is one the next agent finds fully written.
     */
    void delete() {
        if (memory != null) {
            return;
        }
        synchronized (rolling) {
            closed = true;
            SpareSegment unused = spare.getAndSet(null);
            if (unused != null) {
                unused.discard();
            }
        }
        closeAndDelete(lock, dir.resolve(id + LOCK_SUFFIX));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                JournalSegment segment = JournalSegment.parse(file);
                if (segment != null && segment.journalId().equals(id)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // the next agent finds it fully written and writes nothing from it
        }
    }

    private record DropKey(String runId, DropReason reason) {
    }

    interface DropCounter {
        void dropped(String runId, DropReason reason, long count);
    }
}
