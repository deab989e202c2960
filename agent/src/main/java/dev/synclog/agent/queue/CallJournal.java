package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.rows.CallInterpretation;
import dev.synclog.agent.rows.RequestRows;
import dev.synclog.agent.rows.RowOutcome;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.runs.RunTracker;
import dev.synclog.events.DropReason;
import dev.synclog.events.QueueLayout;

/**
 * Where app threads hand run boundaries and calls to the writer, in the order they happen: a file per agent process
 * under {@code QUEUE/journal/}, appended with one {@code write} per record. The pages are the kernel's as soon as the
 * write returns, so a kill -9 of the app loses nothing journaled; the next agent on the queue turns what was not yet
 * written to the queue into events (docs/agent.md, "Crash safety"). A plain write, not a memory map: a full disk
 * fails the write (the call is dropped and counted) instead of killing the app with SIGBUS.
 *
 * <p>When the file cannot be created, records wait in memory instead, bounded like calls in flight: past the bound a
 * call is dropped and counted, so a stalled writer never grows the app's heap.
 */
public final class CallJournal implements RunTracker.RunListener {
    static final String DIR = QueueLayout.JOURNAL_DIR;
    static final String SUFFIX = ".journal";

    private final Path file;
    private final FileChannel channel;
    private final MemoryJournal memory;
    private final DiskGuard disk;
    private final Map<String, Run> liveRuns = new ConcurrentHashMap<>();
    private final Map<DropKey, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final AtomicLong callKeys = new AtomicLong();

    private CallJournal(Path file, FileChannel channel, MemoryJournal memory, DiskGuard disk) {
        this.file = file;
        this.channel = channel;
        this.memory = memory;
        this.disk = disk;
    }

    /**
     * The journal of this process in {@code queueDir}, created owner-only; in memory when it cannot be (the reason is
     * logged once).
     */
    public static CallJournal open(Path queueDir, long minFreeDiskBytes, int maxCalls, long maxBytes) {
        DiskGuard disk = new DiskGuard(queueDir, minFreeDiskBytes);
        MemoryJournal memory = new MemoryJournal(maxCalls, maxBytes);
        Path dir = queueDir.resolve(DIR);
        Path file = dir.resolve(ProcessHandle.current().pid() + "-" + System.currentTimeMillis() + SUFFIX);
        try {
            createOwnerOnly(queueDir);
            createOwnerOnly(dir);
            FileChannel channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            // Held until the process ends, however it ends: the next agent recovers only journals nobody holds.
            FileLock held = channel.tryLock();
            if (held == null) {
                throw new IOException("another process holds " + file);
            }
            return new CallJournal(file, channel, null, disk);
        } catch (IOException | UnsupportedOperationException e) {
            AgentLog.warn("cannot create the journal " + file.toAbsolutePath() + " (" + AgentLog.describe(e)
                    + "): calls wait for the writer in memory, and a kill -9 of the app loses those not yet written;"
                    + " set queue.dir to a directory the app's user can write");
            return new CallJournal(null, null, memory, disk);
        }
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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
        byte[] record = JournalFormat.callSent(call.journalKey, call.run.runId(), rule.syncId(), rule.name(),
                rule.destination(), rule.object(), call.method, urlWithoutQuery(call), call.startEpochMicros,
                rows.unreadable(), rows.ids(), ops, rows.fieldsJson());
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
        String[] reasons = new String[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            RowOutcome row = result.rows().get(i);
            statuses[i] = row.status().wireName();
            reasons[i] = row.failureReason();
        }
        append(JournalFormat.callEnded(call.journalKey, call.status, (call.endNanos - call.startNanos) / 1000,
                call.error == null ? null : call.error.getClass().getName(), result.callError(), statuses, reasons),
                true, call.run, eventsOf(statuses.length));
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
    private boolean append(byte[] record, boolean isCall, Run run, long events) {
        DropReason reason;
        if (channel == null) {
            if (memory.offer(record, isCall)) {
                return true;
            }
            reason = DropReason.BACKLOG_FULL;
        } else if (isCall && !disk.hasRoom()) {
            reason = DropReason.DISK_LOW;
        } else {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(record);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                return true;
            } catch (IOException e) {
                reason = DropReason.WRITE_FAILED;
                AgentLog.failure("appending to the journal " + file, e);
            }
        }
        if (run != null) {
            dropped.computeIfAbsent(new DropKey(run.runId(), reason), k -> new AtomicLong()).addAndGet(events);
        }
        return false;
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
        for (Map.Entry<DropKey, AtomicLong> entry : dropped.entrySet()) {
            long count = entry.getValue().getAndSet(0);
            if (count > 0) {
                counter.dropped(entry.getKey().runId(), entry.getKey().reason(), count);
            }
        }
    }

    /** What the writer reads: this file from its start, or the memory fallback. */
    JournalSource source() throws IOException {
        return channel == null ? memory : new JournalFile(file, true);
    }

    /** This process's journal file, or null in memory. */
    Path file() {
        return file;
    }

    private record DropKey(String runId, DropReason reason) {
    }

    interface DropCounter {
        void dropped(String runId, DropReason reason, long count);
    }
}
