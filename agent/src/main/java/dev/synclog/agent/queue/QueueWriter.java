package dev.synclog.agent.queue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.capture.InjectedFault;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.telemetry.AgentTelemetry;
import dev.synclog.agent.telemetry.TelemetrySettings;
import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallRows;
import dev.synclog.events.DropReason;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowStatus;
import dev.synclog.events.RowTexts;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.RunStatus;
import dev.synclog.events.SyncEvents;
import dev.synclog.events.UnfinishedMetadata;
import dev.synclog.events.Utf8Texts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The one thread that turns the journal into events and appends them to the queue. On start it first finishes the
 * journals of agents that died (kill -9) on this queue, then writes its own agent's start, then tails its own
 * journal. The queue opens after the app's first call ({@link QueueOpeningDelay}); until then entries wait in the
 * journal. If it cannot be opened or written, events are dropped and counted.
 */
public final class QueueWriter implements Runnable {
    /** How long a finished run waits for its async calls to come in before its end is written anyway. */
    private static final long RUN_END_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * At exit, how long calls still in flight are waited for, from the exit's start: HTTP calls (the app may get its
     * response before the client's thread has journaled the call's end: an app that exits right away must not lose
     * it, nor see its run end before it) and SDK futures alike, in one wait.
     */
    public static final long EXIT_CALLS_WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    /**
     * How long a call in flight keeps the journal from being deleted from its request on. A call that never ends (no
     * timeout, or its end lost) must not grow the journal for the life of the process; past this, a kill loses it.
     */
    private static final long MAX_CALL_HOLD_MICROS = TimeUnit.MINUTES.toMicros(10);
    /** How many ended runs are remembered for entries that come after their end. */
    private static final int RECENTLY_ENDED = 32;
    /**
     * {@code -Dsynclog.inject-fault=slow-writer}: the writer leaves the journal alone until the exit, then writes one
     * entry every 200 ms, as a writer that busy cores left behind the app, to show what the exit waits for.
     */
    private static final boolean SLOW_WRITER = InjectedFault.isInjected("slow-writer");
    /** The reason of the rows of a call whose process died before its response. */
    static final String IN_FLIGHT = "the process ended before the response, so whether the destination applied the row"
            + " is unknown";
    /** A row's status as the journal holds it: compared as bytes, not decoded. */
    private static final byte[] SUCCEEDED = RowStatus.SUCCEEDED.wireName().getBytes(StandardCharsets.UTF_8);

    private final AgentConfig config;
    private final CallJournal journal;
    private final Supplier<AgentStarted> identity;
    private final List<Runnable> housekeeping;
    private final LongConsumer beforeShutdown;
    private final TelemetrySettings telemetrySettings;
    private AgentTelemetry telemetry;
    private final DiskGuard disk;
    private final RunStates<RunState> runStates = new RunStates<>(RECENTLY_ENDED);
    /** By run id, in start order, so that runs that end together are written in the order they started. */
    private final Map<String, RunState> runs = runStates.active();
    /** Requests of this process's calls whose end is not journaled yet, by call key. */
    private final Map<Long, JournalEntry.CallSent> sent = new HashMap<>();
    /** Calls of this process whose end was dropped before the writer read their request. */
    private final Set<Long> endsDropped = new HashSet<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch opened = new CountDownLatch(1);
    /** Journal entries handled, and the queue's close: the exit waits for the writer while this moves ({@link ExitWait}). */
    private final AtomicLong steps = new AtomicLong();
    private volatile boolean stopping;
    /** At exit, when the wait for calls still in flight ends ({@link System#nanoTime}). */
    private volatile long callsDeadlineNanos;
    /** The journal being read, to wake the writer at exit; null before the writer starts. */
    private volatile JournalSource reading;
    private SingleChronicleQueue queue;
    private CountedAppends out;
    private boolean openFailed;
    private boolean writeFailureLogged;
    /** The write {@link #writable} last allowed: its run, how many events it meant to append, the count before. */
    private RunState writing;
    private long writingEvents;
    private long appendedBefore;

    private final LongSupplier firstPositionNeeded = this::firstPositionNeeded;
    /** Made on the writer thread: Chronicle's marshalling classes (its supertypes) would otherwise load at premain. */
    private CallRows callEvent;
    /** The attempt numbers of the call being written, reused from call to call. */
    private int[] attemptNumbers = new int[128];

    /**
     * @param identity       the content of this agent's {@code agentStarted}, made when the queue opens (on the writer
     *                       thread, not at premain)
     * @param beforeShutdown run when the JVM exits, to hand over the last calls and run ends before the writer drains;
     *                       given the time ({@link System#nanoTime}) at which the exit stops waiting for calls in flight
     */
    public QueueWriter(AgentConfig config, CallJournal journal, Supplier<AgentStarted> identity, List<Runnable> housekeeping,
                       TelemetrySettings telemetrySettings, LongConsumer beforeShutdown) {
        this.telemetrySettings = telemetrySettings;
        this.config = config;
        this.journal = journal;
        this.identity = identity;
        this.housekeeping = housekeeping;
        this.beforeShutdown = beforeShutdown;
        this.disk = new DiskGuard(config.queueDir(), config.minFreeDiskBytes());
    }

    /**
     * Starts the writer thread and registers its exit hook: a plain JVM shutdown hook, in place before the app can
     * exit, that needs no Chronicle class (Chronicle loads when the queue opens, possibly during the exit).
     */
    public Thread start() {
        Thread thread = new Thread(this, "synclog-writer");
        thread.setDaemon(true);
        // Chronicle and its SLF4J binding find their resources through the context loader: ours, not the app's.
        thread.setContextClassLoader(QueueWriter.class.getClassLoader());
        thread.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "synclog-exit"));
        return thread;
    }

    private void shutdown() {
        long start = System.nanoTime();
        long callsDeadline = start + EXIT_CALLS_WAIT_NANOS;
        beforeShutdown.accept(callsDeadline);
        stop(start, callsDeadline).ifPresent(reason -> AgentLog.warn("the app exits before the queue writer was"
                + " done (" + reason + "): what it had not written stays in "
                + config.queueDir().resolve(CallJournal.DIR).toAbsolutePath() + ", and the agent's next start on this"
                + " queue writes it; until then the warehouse lacks this process's last events (its run shows as"
                + " running)"));
    }

    /**
     * Writes what is still journaled, for as long as {@link ExitWait} allows from {@code startNanos}, then closes the
     * queue; calls still in flight are waited for until {@code callsDeadlineNanos}.
     *
     * @return empty when the writer finished; else why the wait gave up
     */
    Optional<String> stop(long startNanos, long callsDeadlineNanos) {
        this.callsDeadlineNanos = callsDeadlineNanos;
        stopping = true;
        JournalSource source = reading;
        if (source != null) {
            source.wakeUp();
        }
        try {
            return ExitWait.upTo(config.maxExitWaitSeconds()).await(opened, stopped, steps::get, startNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the exit was interrupted");
        }
    }

    @Override
    public void run() {
        boolean drained = false;
        try (JournalSource source = journal.source()) {
            reading = source;
            QueueOpeningDelay.identifyQueue(config.queueDir());
            List<JournalEntry> early = QueueOpeningDelay.entriesUntilFirstCall(source,
                    () -> housekeeping.forEach(Runnable::run), () -> stopping, QueueOpeningDelay.MAX_WAIT_NANOS);
            telemetry = AgentTelemetry.create(telemetrySettings);
            callEvent = new CallRows();
            openWhenPossible();
            opened.countDown();
            for (JournalEntry entry : early) {
                process(entry, Resume.NOTHING_WRITTEN, sent);
            }
            long lastHousekeeping = System.nanoTime();
            while (!stopping || !source.drained() || callsStillComing()) {
                if (SLOW_WRITER && heldBack()) {
                    continue;
                }
                JournalEntry entry = source.next(100);
                if (entry != null) {
                    process(entry, Resume.NOTHING_WRITTEN, sent);
                }
                source.release(firstPositionNeeded);
                // Here rather than on the app thread that rolls: the other app threads would wait for its zeros. Not at
                // exit: a segment's zeros written there (a queue opened at exit) would be deleted with the journal.
                if (!stopping) {
                    journal.prepareSpare();
                }
                long now = System.nanoTime();
                if (now - lastHousekeeping > 500_000_000L || entry == null) {
                    lastHousekeeping = now;
                    housekeeping.forEach(Runnable::run);
                    endRunsThatAreDue(now, stopping && source.drained() && !callsStillComing());
                }
            }
            writeInFlight(sent, source.position(), Resume.NOTHING_WRITTEN);
            endRunsThatAreDue(System.nanoTime(), true);
            drained = out != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            AgentLog.failure("the queue writer", t);
        } finally {
            opened.countDown();
            if (queue != null) {
                queue.close();
            }
            // Before the telemetry's flush, which may wait for its endpoint (2 s for spans, 2 s for metrics): a step, so
            // that the exit's wait for a writer that writes nothing (5 s) starts again and covers the flush.
            if (drained) {
                journal.delete();
            }
            steps.incrementAndGet();
            if (telemetry != null) {
                telemetry.close();
            }
            stopped.countDown();
        }
    }

    /** For {@link #SLOW_WRITER}: true while the writer is to leave the journal alone. */
    private boolean heldBack() throws InterruptedException {
        Thread.sleep(stopping ? 200 : 20);
        return !stopping;
    }

    /** The queue's first file is mapped at once: on a disk below the threshold it waits until space returns. */
    private void openWhenPossible() {
        if (out == null && !openFailed && disk.hasRoom()) {
            open();
        }
    }

    private void open() {
        Path dir = config.queueDir();
        String sourceId;
        try {
            sourceId = QueueLayout.initialise(dir);
            if (UnfinishedMetadata.emptyIfAbandoned(dir)) {
                AgentLog.info(UnfinishedMetadata.emptied(dir));
            }
            queue = QueueLayout.builder(dir).storeFileListener(new OwnerOnlyFiles()).build();
            out = new CountedAppends(queue.createAppender());
            disk.watch(sourceId);
            try (var files = Files.list(dir)) {
                files.filter(Files::isRegularFile).forEach(file -> OwnerOnlyFiles.restrict(file.toFile()));
            }
        } catch (Throwable t) {
            out = null;
            openFailed = true;
            AgentLog.warn("cannot open the queue directory " + dir.toAbsolutePath() + " (" + AgentLog.describe(t)
                    + "): events are dropped and counted; set queue.dir to a directory the app's user can write");
            return;
        }
        // Before this agent's start: the exporter closes the runs still open then as abandoned by a dead process.
        for (DeadJournal dead : DeadJournal.in(dir.resolve(CallJournal.DIR), journal.id())) {
            recover(dead);
        }
        out.agentStarted(identity.get().sourceId(sourceId).eventTimeMicros(EpochMicros.now()));
    }

    /**
     * Writes what the queue lacks of a dead process's journal: calls it journaled but did not write (resuming inside
     * the call it was writing), calls in flight at its death (every row failed, {@link #IN_FLIGHT}), and the ends of
     * runs that ended. Its runs still open stay open: the exporter closes them as abandoned.
     */
    private void recover(DeadJournal dead) {
        try (dead) {
            QueueProgress progress = QueueProgress.read(queue, dead.runIds(), dead.pid(), dead.startMicros(),
                    config.attemptWindow());
            Resume resume = new Resume(progress);
            Map<Long, JournalEntry.CallSent> inFlight = new HashMap<>();
            long end;
            int recovered = 0;
            try (SegmentedJournal file = dead.read()) {
                JournalEntry entry;
                while ((entry = file.next(0)) != null) {
                    continueAttempts(entry, progress);
                    if (process(entry, resume, inFlight) && entry instanceof JournalEntry.CallEnded) {
                        recovered++;
                    }
                }
                end = file.position();
            }
            int unanswered = writeInFlight(inFlight, end, resume);
            for (String runId : dead.runIds()) {
                RunState state = runs.remove(runId);
                if (state != null && state.exitedAtNanos != 0 && !progress.finished.contains(runId)) {
                    endRun(state, 0);
                } else if (state != null) {
                    telemetry.endRun(state.span, RunStatus.FAILED.wireName(), "the agent process died", EpochMicros.now());
                }
            }
            AgentLog.info("recovered the journal of process " + dead.pid() + ": " + recovered + " call(s) written now, "
                    + unanswered + " in flight when it ended");
            dead.delete();
        } catch (Throwable t) {
            AgentLog.failure("recovering the journal " + dead.id() + " in " + dead.dir(), t);
        }
    }

    /**
     * Writes the calls whose request was journaled but whose end never came, every row failed {@link #IN_FLIGHT}: a
     * dead process's when its journal is recovered, and this process's at exit (stopped, by SIGTERM say, while calls
     * wait for their answer), so that a clean stop loses no row a kill would have recorded. Their ids follow the
     * journal's end, in its order: the same ids if this is cut short and the next agent does it again.
     *
     * @return how many calls were in flight
     */
    private int writeInFlight(Map<Long, JournalEntry.CallSent> inFlight, long journalEnd, Resume resume) {
        List<JournalEntry.CallSent> unanswered = new ArrayList<>(inFlight.values());
        unanswered.sort(Comparator.comparingLong(JournalEntry::position));
        for (int i = 0; i < unanswered.size(); i++) {
            long callId = journalEnd + i + 1;
            if (resume.needs(callId)) {
                JournalEntry.CallSent call = unanswered.get(i);
                try {
                    writeCall(call, null, callId, resume.firstRow(callId), state(call.runId(), call.startEpochMicros()));
                } catch (RuntimeException e) {
                    if (!countedAsLostWrite(e)) {
                        throw e;
                    }
                }
            }
        }
        inFlight.clear();
        return unanswered.size();
    }

    /**
     * A run's rows go on from the attempts the queue holds, from the first entry of the run still journaled (its
     * start may be in a segment deleted before the process died).
     */
    private void continueAttempts(JournalEntry entry, QueueProgress progress) {
        String runId = entry instanceof JournalEntry.RunBegan began ? began.runId()
                : entry instanceof JournalEntry.CallSent call ? call.runId() : null;
        AttemptCounter attempts = runId == null ? null : progress.attempts.remove(runId);
        if (attempts != null) {
            long startMicros = entry instanceof JournalEntry.RunBegan began ? began.startMicros()
                    : ((JournalEntry.CallSent) entry).startEpochMicros();
            state(runId, startMicros).attempts(attempts);
        }
    }

    /**
     * The position of the first journal entry a crash now would still need: the request of a call not yet ended, or
     * the end of a run not yet written. Segments that end before it are deleted.
     */
    private long firstPositionNeeded() {
        long needed = Long.MAX_VALUE;
        long heldSince = EpochMicros.now() - MAX_CALL_HOLD_MICROS;
        for (JournalEntry.CallSent call : sent.values()) {
            if (call.startEpochMicros() > heldSince) {
                needed = Math.min(needed, call.position());
            }
        }
        for (RunState state : runs.values()) {
            if (state.endPosition >= 0) {
                needed = Math.min(needed, state.endPosition);
            }
        }
        return needed;
    }

    /** @return true when the entry led to events being written */
    private boolean process(JournalEntry entry, Resume resume, Map<Long, JournalEntry.CallSent> requests) {
        steps.incrementAndGet();
        try {
            if (entry instanceof JournalEntry.RunBegan) {
                JournalEntry.RunBegan began = (JournalEntry.RunBegan) entry;
                RunState state = state(began.runId(), began.startMicros());
                if (!resume.started(began.runId())) {
                    writeRunStarted(state, began.startMicros());
                    return true;
                }
            } else if (entry instanceof JournalEntry.RunEnded) {
                JournalEntry.RunEnded ended = (JournalEntry.RunEnded) entry;
                RunState state = state(ended.runId(), EpochMicros.now());
                state.exitedAtNanos = System.nanoTime();
                state.endPosition = ended.position();
                state.error = ended.error();
                if (resume == Resume.NOTHING_WRITTEN) {
                    endRunsThatAreDue(state.exitedAtNanos, false);
                }
            } else if (entry instanceof JournalEntry.CallSent) {
                JournalEntry.CallSent call = (JournalEntry.CallSent) entry;
                // Only this process's calls can have had their end dropped (call keys are per process).
                if (resume != Resume.NOTHING_WRITTEN || !endsDropped.remove(call.callKey())) {
                    requests.put(call.callKey(), call);
                }
            } else if (entry instanceof JournalEntry.CallEnded) {
                JournalEntry.CallEnded ended = (JournalEntry.CallEnded) entry;
                JournalEntry.CallSent call = requests.remove(ended.callKey());
                if (call != null && resume.needs(ended.position())) {
                    writeCall(call, ended, ended.position(), resume.firstRow(ended.position()),
                            state(call.runId(), call.startEpochMicros()));
                    return true;
                }
            }
        } catch (Throwable t) {
            if (!countedAsLostWrite(t)) {
                AgentLog.failure("writing an event to the queue", t);
            }
        }
        return false;
    }

    private void writeRunStarted(RunState state, long startMicros) {
        if (!writable(state, config.syncIds().size())) {
            return;
        }
        SpanContext span = state.span.getSpanContext();
        for (String syncId : config.syncIds()) {
            boolean isDefault = syncId.equals(config.sync().syncId());
            out.runStarted(new RunStarted().syncId(syncId).runId(state.runId)
                    .modelName(isDefault ? config.sync().modelName() : null)
                    .primaryKey(isDefault ? config.sync().primaryKey() : null)
                    .destination(destinationOf(syncId))
                    .traceId(span.getTraceId()).spanId(span.getSpanId())
                    .eventTimeMicros(startMicros));
        }
    }

    private String destinationOf(String syncId) {
        if (syncId.equals(config.sync().syncId()) && config.sync().destination() != null) {
            return config.sync().destination();
        }
        for (EndpointRule rule : config.endpoints()) {
            if (rule.syncId().equals(syncId)) {
                return rule.destination();
            }
        }
        return null;
    }

    /**
     * The call and its rows in one event: from row {@code firstRow} on, all of them when it is negative; nothing when the
     * queue holds the call whole. {@code ended} is null for a call in flight when its process died: every row failed
     * with {@link #IN_FLIGHT}. {@code callId} is the journal position of its end. Drops are counted as agents of event
     * schema version 1 wrote a call: its call event and one per row.
     */
    private void writeCall(JournalEntry.CallSent call, JournalEntry.CallEnded ended, long callId, int firstRow,
                           RunState state) {
        int rows = call.ids().size();
        int from = Math.max(firstRow, 0);
        if (firstRow >= 0 && from >= rows) {
            return;
        }
        if (!writable(state, 1 + rows - from)) {
            return;
        }
        int httpStatus = ended == null ? 0 : ended.httpStatus();
        long latency = ended == null ? 0 : ended.latencyMicros();
        long eventTime = call.startEpochMicros() + latency;
        int succeeded = ended == null ? 0 : succeeded(ended.statuses());
        SpanContext span = telemetry.recordCall(state.span, new AgentTelemetry.CallFacts(call.syncId(), call.runId(),
                call.endpoint(), call.destination(), call.method(), call.url(), httpStatus,
                ended == null ? "process ended" : ended.errorType(), succeeded, rows - succeeded,
                call.startEpochMicros(), eventTime)).getSpanContext();
        String callError = ended != null ? ended.callError()
                : call.unreadable() == null ? IN_FLIGHT : call.unreadable() + "; " + IN_FLIGHT;
        if (attemptNumbers.length < rows) {
            attemptNumbers = new int[Math.max(rows, attemptNumbers.length * 2)];
        }
        state.attempts().next(call.syncId(), call.ids(), from, attemptNumbers);
        RowTexts statuses = ended == null ? filled(rows - from, RowStatus.FAILED.wireName())
                : ended.statuses().from(from);
        RowTexts reasons = ended == null ? filled(rows - from, IN_FLIGHT) : ended.reasons().from(from);
        callEvent.syncId(call.syncId()).runId(call.runId()).callId(callId)
                .endpoint(call.endpoint()).destination(call.destination()).object(call.object())
                .httpMethod(call.method()).url(call.url())
                .httpStatus(httpStatus).latencyMicros(latency)
                .rowsSucceeded(succeeded).rowsFailed(rows - succeeded)
                .error(callError).traceId(span.getTraceId()).spanId(span.getSpanId())
                .eventTimeMicros(eventTime).firstRow(from)
                .rows(rows - from, call.ids().from(from), call.ops().from(from), statuses, reasons,
                        call.fields().from(from), attemptNumbers);
        out.callRows(callEvent);
    }

    private static RowTexts filled(int length, String value) {
        String[] values = new String[length];
        Arrays.fill(values, value);
        return RowTexts.of(values);
    }

    private static int succeeded(Utf8Texts statuses) {
        int succeeded = 0;
        for (int row = 0; row < statuses.size(); row++) {
            if (statuses.textIs(row, SUCCEEDED)) {
                succeeded++;
            }
        }
        return succeeded;
    }


    /** True when events can be written now; else counts {@code events} as dropped for the run. */
    private boolean writable(RunState state, int events) {
        openWhenPossible();
        if (out == null) {
            state.drop(openFailed ? DropReason.WRITE_FAILED : DropReason.DISK_LOW, events);
            return false;
        }
        if (!disk.hasRoom()) {
            state.drop(DropReason.DISK_LOW, events);
            return false;
        }
        if (!disk.sameDirectory() && !reopenedAfterQueueDirLost()) {
            state.drop(DropReason.WRITE_FAILED, events);
            return false;
        }
        try {
            state.reportDrops(out, EpochMicros.now());
        } catch (RuntimeException e) {
            writeFailed(state, events, e);
            return false;
        }
        writing = state;
        writingEvents = events;
        appendedBefore = out.appended();
        return true;
    }

    /**
     * The queue directory was deleted or replaced while the app runs: Chronicle would go on writing into its unlinked
     * files, and the events would be lost uncounted. A directory that is gone or came back empty is made again as a
     * new queue (a new source id: the exporter's read positions of the old one do not apply to it) and writing goes
     * on there. One that holds anything else (another queue, a copy of this one, its files without their source id)
     * is not written: appended to, its events could lie before the exporter's read position for it and be skipped,
     * so events are dropped and counted until the app restarts. False when writing cannot go on.
     */
    private boolean reopenedAfterQueueDirLost() {
        Path dir = config.queueDir().toAbsolutePath();
        try {
            queue.close();
        } catch (RuntimeException e) {
            // its files are gone: nothing left to release
        }
        queue = null;
        out = null;
        boolean empty = absentOrEmpty(dir);
        AgentLog.warn("the queue directory " + dir + " was deleted or replaced while the app runs: events written"
                + " since it was last seen (a quarter second at most) went with its files; " + (empty
                ? "making it again as a new queue: restart the exporter on it (it reads the deleted files until"
                + " then), and do not delete queue.dir while the app runs"
                : "it now holds other files, so events are dropped and counted until the app restarts; restart the"
                + " app once queue.dir is the queue it should write"));
        if (!empty) {
            openFailed = true;
            return false;
        }
        journal.startAgainInQueueDir();
        open();
        if (out != null) {
            AgentLog.info("recording resumes in " + dir + " as a new queue");
        }
        return out != null;
    }

    private static boolean absentOrEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An append threw (Chronicle could not create or map a cycle file): the events of the write in progress that did
     * not reach the queue are dropped and counted. False when the failure was not in a write.
     */
    private boolean countedAsLostWrite(Throwable t) {
        long lost = writing == null ? 0 : writingEvents - (out.appended() - appendedBefore);
        if (lost <= 0) {
            return false;
        }
        writeFailed(writing, lost, t);
        writing = null;
        return true;
    }

    private void writeFailed(RunState state, long lost, Throwable t) {
        state.drop(DropReason.WRITE_FAILED, lost);
        if (!writeFailureLogged) {
            writeFailureLogged = true;
            AgentLog.warn("cannot write to the queue in " + config.queueDir().toAbsolutePath() + " ("
                    + AgentLog.describe(t) + "): events are dropped and counted while writes fail (logged once);"
                    + " check that the directory still exists and the app's user can write to it");
        }
    }

    private void endRunsThatAreDue(long now, boolean force) {
        // Calls the app's threads dropped (disk low, journal not writable) belong in the ends of their runs.
        countAppSideDrops();
        Iterator<RunState> it = runs.values().iterator();
        while (it.hasNext()) {
            RunState state = it.next();
            Run run = journal.liveRun(state.runId);
            int inFlight = run == null ? 0 : run.callsInFlight();
            boolean due = state.exitedAtNanos != 0
                    && (inFlight <= 0 || now - state.exitedAtNanos > RUN_END_GRACE_NANOS || force);
            if (due) {
                endRun(state, inFlight);
                journal.forget(state.runId);
                it.remove();
                state.ended();
                runStates.ended(state.runId, state);
            }
        }
        reportLateDrops();
    }

    /** Drops counted for runs already ended are reported now: no later write of theirs would report them. */
    private void reportLateDrops() {
        for (RunState ended : runStates.recentlyEnded()) {
            if (!ended.unreported.isEmpty()) {
                writable(ended, 0);
            }
        }
    }

    private void countAppSideDrops() {
        journal.drainDrops((runId, reason, count) -> state(runId, EpochMicros.now()).drop(reason, count));
        journal.drainEndsDropped(callKey -> {
            if (sent.remove(callKey) == null) {
                endsDropped.add(callKey);
            }
        });
    }

    /** At exit, a call of a run is still to be journaled, and the wait for it is not over. */
    private boolean callsStillComing() {
        if (System.nanoTime() - callsDeadlineNanos > 0) {
            return false;
        }
        for (String runId : runs.keySet()) {
            Run run = journal.liveRun(runId);
            if (run != null && run.callsInFlight() > 0) {
                return true;
            }
        }
        return false;
    }

    private void endRun(RunState state, int callsInFlight) {
        String status = state.error == null ? RunStatus.SUCCEEDED.wireName() : RunStatus.FAILED.wireName();
        telemetry.endRun(state.span, status, state.error, EpochMicros.now());
        boolean finished = false;
        if (writable(state, config.syncIds().size())) {
            String error = state.error != null ? state.error
                    : callsInFlight > 0 ? callsInFlight + " calls of the run had not completed when it ended"
                    : null;
            try {
                for (String syncId : config.syncIds()) {
                    out.runFinished(new RunFinished().syncId(syncId).runId(state.runId)
                            .status(status)
                            .error(error).eventsDropped(state.totalDropped).eventTimeMicros(EpochMicros.now()));
                }
                finished = true;
            } catch (RuntimeException e) {
                if (!countedAsLostWrite(e)) {
                    AgentLog.failure("writing the end of a run", e);
                }
            }
        }
        if (!finished && state.totalDropped > 0) {
            AgentLog.warn(state.totalDropped + " events of run " + state.runId + " were dropped");
        }
    }

    /** The run's state; a run that ended a short while ago keeps the one it had, span included (see RunStates). */
    private RunState state(String runId, long startMicros) {
        return runStates.get(runId, id -> new RunState(id, telemetry.startRun(id, startMicros, config.syncIds()),
                telemetry, config.attemptWindow()));
    }

    /**
     * What of a journal the queue already holds: nothing for this process's own journal; for a dead process's, what
     * {@link QueueProgress} found, so that nothing is written twice.
     */
    private static final class Resume {
        static final Resume NOTHING_WRITTEN = new Resume(null);
        private final QueueProgress progress;

        Resume(QueueProgress progress) {
            this.progress = progress;
        }

        boolean started(String runId) {
            return progress != null && progress.started.contains(runId);
        }

        /** False for a call the queue holds whole. */
        boolean needs(long callId) {
            return progress == null || callId >= progress.lastCall;
        }

        /**
         * The first row of the call still to write, past those of the call the dead process was writing (all of them
         * when it wrote the call whole); -1 when the queue holds nothing of the call.
         */
        int firstRow(long callId) {
            return progress != null && callId == progress.lastCall ? progress.rowsOfLastCall : -1;
        }
    }

    /** What the writer keeps per run: attempts per row, drops not yet reported, how the run ended. */
    private static final class RunState {
        final String runId;
        final Span span;
        private final AgentTelemetry telemetry;
        private final int attemptWindow;
        /** Null once the run ended: a large run's table is not kept for the few rows that may come late. */
        private AttemptCounter attempts;
        final Map<DropReason, Long> unreported = new EnumMap<>(DropReason.class);
        long totalDropped;
        long exitedAtNanos;
        /** The journal position of the run's end, -1 before it; kept on disk until the end is written. */
        long endPosition = -1;
        String error;

        RunState(String runId, Span span, AgentTelemetry telemetry, int attemptWindow) {
            this.runId = runId;
            this.span = span;
            this.telemetry = telemetry;
            this.attemptWindow = attemptWindow;
            this.attempts = new AttemptCounter(attemptWindow);
        }

        AttemptCounter attempts() {
            if (attempts == null) {
                attempts = new AttemptCounter(attemptWindow);
            }
            return attempts;
        }

        void attempts(AttemptCounter continued) {
            attempts = continued;
        }

        void ended() {
            attempts = null;
        }

        void drop(DropReason reason, long count) {
            telemetry.dropped(reason.wireName(), count);
            unreported.merge(reason, count, Long::sum);
            totalDropped += count;
        }

        void reportDrops(SyncEvents out, long nowMicros) {
            // One at a time: when an append fails, what was reported is not reported again.
            for (Iterator<Map.Entry<DropReason, Long>> it = unreported.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<DropReason, Long> drop = it.next();
                out.eventsDropped(new EventsDropped().runId(runId).reason(drop.getKey().wireName()).count(drop.getValue())
                        .eventTimeMicros(nowMicros));
                it.remove();
            }
        }
    }

    /** Queue files hold row data: owner-only, like their directory. */
    private static final class OwnerOnlyFiles implements StoreFileListener {
        @Override
        public void onAcquired(int cycle, File file) {
            restrict(file);
        }

        static void restrict(File file) {
            try {
                Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                // the directory is owner-only already
            }
        }

        @Override
        public void onReleased(int cycle, File file) {
        }
    }
}
