package dev.synclog.agent.queue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.capture.InjectedFault;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.rows.CallInterpretation;
import dev.synclog.agent.rows.CallInterpreter;
import dev.synclog.agent.rows.RowOutcome;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.telemetry.AgentTelemetry;
import dev.synclog.agent.telemetry.TelemetrySettings;
import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.DropReason;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RowStatus;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.RunStatus;
import dev.synclog.events.SyncEvents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import net.openhft.chronicle.core.shutdown.PriorityHook;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The one thread that turns handed-over calls into events and appends them to the queue. Parsing bodies
 * happens here, off the app's threads. Until the queue is open, items wait in the hand-off (bounded); if
 * it cannot be opened or written, events are dropped and counted.
 */
public final class QueueWriter implements Runnable {
    /** How long a finished run waits for its async calls to come in before its end is written anyway. */
    private static final long RUN_END_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long SHUTDOWN_DRAIN_MILLIS = 5_000;
    /** At exit, how long calls still in flight are waited for (within the drain) before the runs end without them. */
    private static final long LAST_CALLS_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final AgentConfig config;
    private final EventHandoff handoff;
    private final CallInterpreter interpreter;
    private final AgentStarted identity;
    private final List<Runnable> housekeeping;
    private final Runnable beforeShutdown;
    private final TelemetrySettings telemetrySettings;
    private AgentTelemetry telemetry;
    private final DiskGuard disk;
    /** In start order, so runs that end together are written in the order they started. */
    private final Map<Run, RunState> runs = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch hooked = new CountDownLatch(1);
    private volatile boolean stopping;
    private long drainingSinceNanos;
    private SingleChronicleQueue queue;
    private CountedAppends out;
    private boolean openFailed;
    private boolean writeFailureLogged;
    /** The write {@link #writable} last allowed: its run, how many events it meant to append, the count before. */
    private RunState writing;
    private long writingEvents;
    private long appendedBefore;
    private long callSequence;

    private final CallCompleted callEvent = new CallCompleted();
    private final RowResult rowEvent = new RowResult();

    /**
     * @param beforeShutdown run when the JVM exits, to hand over the last calls and run ends before the writer drains
     */
    public QueueWriter(AgentConfig config, EventHandoff handoff, AgentStarted identity, List<Runnable> housekeeping,
                       TelemetrySettings telemetrySettings, Runnable beforeShutdown) {
        this.telemetrySettings = telemetrySettings;
        this.config = config;
        this.handoff = handoff;
        this.interpreter = new CallInterpreter(config.maxBodyBytes());
        this.identity = identity;
        this.housekeeping = housekeeping;
        this.beforeShutdown = beforeShutdown;
        this.disk = new DiskGuard(config.queueDir(), config.minFreeDiskBytes());
    }

    public Thread start() {
        Thread thread = new Thread(this, "synclog-writer");
        thread.setDaemon(true);
        // Chronicle and its SLF4J binding find their resources through the context loader: ours, not the app's.
        thread.setContextClassLoader(QueueWriter.class.getClassLoader());
        thread.start();
        return thread;
    }

    /**
     * Waits until the shutdown action is registered. Chronicle registers a JVM shutdown hook as it loads, which
     * fails once the JVM is shutting down; an app that exits within a second of starting would lose its events.
     * The loading overlaps the instrumentation install on the premain thread, then premain waits for it here.
     */
    public void awaitShutdownHook(long timeoutMillis) {
        try {
            hooked.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown() {
        beforeShutdown.run();
        stop(SHUTDOWN_DRAIN_MILLIS);
    }

    /** Writes what is still handed over, for at most {@code timeoutMillis}, then closes the queue. */
    void stop(long timeoutMillis) {
        stopping = true;
        try {
            stopped.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try {
            // Ordered before Chronicle's own hook (priority 99), which releases the mapped files we write to.
            PriorityHook.add(10, this::shutdown);
            hooked.countDown();
            telemetry = AgentTelemetry.create(telemetrySettings);
            openWhenPossible();
            long lastHousekeeping = System.nanoTime();
            while (!stopping || !handoff.isEmpty() || awaitingLastCalls()) {
                Object item = handoff.poll(100);
                if (item != null) {
                    process(item);
                }
                long now = System.nanoTime();
                if (now - lastHousekeeping > 500_000_000L || item == null) {
                    lastHousekeeping = now;
                    housekeeping.forEach(Runnable::run);
                    endRunsThatAreDue(now, stopping && handoff.isEmpty());
                }
            }
            endRunsThatAreDue(System.nanoTime(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            AgentLog.failure("the queue writer", t);
        } finally {
            hooked.countDown();
            if (queue != null) {
                queue.close();
            }
            if (telemetry != null) {
                telemetry.close();
            }
            stopped.countDown();
        }
    }

    /**
     * At exit, a call the app saw answered may still be on its way from the HTTP client's threads (its capture completes
     * there): waited for briefly, so its events are written or counted rather than lost.
     */
    private boolean awaitingLastCalls() {
        long now = System.nanoTime();
        if (drainingSinceNanos == 0) {
            drainingSinceNanos = now;
        }
        return now - drainingSinceNanos < LAST_CALLS_WAIT_NANOS
                && runs.keySet().stream().anyMatch(run -> run.callsInFlight() > 0);
    }

    /** The queue's first file is mapped at once: on a disk below the threshold it waits until space returns. */
    private void openWhenPossible() {
        if (out == null && !openFailed && disk.hasRoom()) {
            open();
        }
    }

    private void open() {
        Path dir = config.queueDir();
        try {
            String sourceId = QueueLayout.initialise(dir);
            queue = QueueLayout.builder(dir).storeFileListener(new OwnerOnlyFiles()).build();
            out = new CountedAppends(queue.createAppender().methodWriter(SyncEvents.class));
            try (var files = Files.list(dir)) {
                files.filter(Files::isRegularFile).forEach(file -> OwnerOnlyFiles.restrict(file.toFile()));
            }
            out.agentStarted(identity.sourceId(sourceId).eventTimeMicros(EpochMicros.now()));
        } catch (Throwable t) {
            out = null;
            openFailed = true;
            AgentLog.warn("cannot open the queue directory " + dir.toAbsolutePath() + " (" + AgentLog.describe(t)
                    + "): events are dropped and counted; set queue.dir to a directory the app's user can write");
        }
    }

    private void process(Object item) {
        try {
            if (item instanceof CallRecord) {
                writeCall((CallRecord) item);
            } else if (item instanceof EventHandoff.RunBoundary) {
                EventHandoff.RunBoundary boundary = (EventHandoff.RunBoundary) item;
                if (boundary.start()) {
                    writeRunStarted(boundary.run());
                } else {
                    RunState state = state(boundary.run());
                    state.exitedAtNanos = System.nanoTime();
                    state.error = boundary.error();
                    endRunsThatAreDue(state.exitedAtNanos, false);
                }
            } else if (item instanceof EventHandoff.DroppedCall) {
                EventHandoff.DroppedCall dropped = (EventHandoff.DroppedCall) item;
                state(dropped.run()).drop(dropped.reason(), 1);
            }
        } catch (Throwable t) {
            if (!countedAsLostWrite(t)) {
                AgentLog.failure("writing an event to the queue", t);
            }
        }
    }

    private void writeRunStarted(Run run) {
        RunState state = state(run);
        if (!writable(state, config.syncIds().size())) {
            return;
        }
        SpanContext span = state.span.getSpanContext();
        for (String syncId : config.syncIds()) {
            boolean isDefault = syncId.equals(config.sync().syncId());
            out.runStarted(new RunStarted().syncId(syncId).runId(run.runId())
                    .modelName(isDefault ? config.sync().modelName() : null)
                    .primaryKey(isDefault ? config.sync().primaryKey() : null)
                    .destination(destinationOf(syncId))
                    .traceId(span.getTraceId()).spanId(span.getSpanId())
                    .eventTimeMicros(run.startMicros()));
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

    private void writeCall(CallRecord call) {
        InjectedFault.at("interpret");
        CallInterpretation result = interpreter.interpret(call.endpoint, call);
        RunState state = state(call.run);
        if (!writable(state, 1 + result.rows().size())) {
            return;
        }
        EndpointRule rule = call.endpoint;
        long callId = ++callSequence;
        long eventTime = call.startEpochMicros + (call.endNanos - call.startNanos) / 1000;
        int succeeded = 0;
        for (RowOutcome row : result.rows()) {
            if (row.status() == RowStatus.SUCCEEDED) {
                succeeded++;
            }
        }
        String url = withoutQuery(call);
        SpanContext span = telemetry.recordCall(state.span, new AgentTelemetry.CallFacts(rule.syncId(), call.run.runId(),
                rule.name(), rule.destination(), call.method, call.uri, url, call.status,
                call.error == null ? null : call.error.getClass().getName(), succeeded, result.rows().size() - succeeded,
                call.startEpochMicros, eventTime)).getSpanContext();
        out.callCompleted(callEvent.syncId(rule.syncId()).runId(call.run.runId()).callId(callId)
                .endpoint(rule.name()).destination(rule.destination()).object(rule.object())
                .httpMethod(call.method).url(url)
                .httpStatus(call.status).latencyMicros((call.endNanos - call.startNanos) / 1000)
                .rowsSucceeded(succeeded).rowsFailed(result.rows().size() - succeeded)
                .error(result.callError()).traceId(span.getTraceId()).spanId(span.getSpanId())
                .eventTimeMicros(eventTime));
        for (RowOutcome row : result.rows()) {
            out.rowResult(rowEvent.syncId(rule.syncId()).runId(call.run.runId()).callId(callId)
                    .rowId(row.rowId()).opType(row.op().wireName()).status(row.status().wireName())
                    .failureReason(row.failureReason()).fields(row.fieldsJson())
                    .destination(rule.destination()).object(rule.object()).httpStatus(call.status)
                    .attempt(state.attempts.next(rule.syncId(), row.rowId()))
                    .traceId(span.getTraceId()).spanId(span.getSpanId())
                    .eventTimeMicros(eventTime));
        }
    }

    private static String withoutQuery(CallRecord call) {
        String url = call.uri.toString();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
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
        Iterator<Map.Entry<Run, RunState>> it = runs.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Run, RunState> entry = it.next();
            Run run = entry.getKey();
            RunState state = entry.getValue();
            boolean due = state.exitedAtNanos != 0
                    && (run.callsInFlight() <= 0 || now - state.exitedAtNanos > RUN_END_GRACE_NANOS || force);
            if (!due) {
                continue;
            }
            String status = state.error == null ? RunStatus.SUCCEEDED.wireName() : RunStatus.FAILED.wireName();
            telemetry.endRun(state.span, status, state.error, EpochMicros.now());
            boolean finished = false;
            if (writable(state, config.syncIds().size())) {
                String error = state.error != null ? state.error
                        : run.callsInFlight() > 0 ? run.callsInFlight() + " calls of the run had not completed when it ended"
                        : null;
                try {
                    for (String syncId : config.syncIds()) {
                        out.runFinished(new RunFinished().syncId(syncId).runId(run.runId())
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
                AgentLog.warn(state.totalDropped + " events of run " + run.runId() + " were dropped");
            }
            it.remove();
        }
    }

    private RunState state(Run run) {
        return runs.computeIfAbsent(run, r -> new RunState(r.runId(),
                telemetry.startRun(r.runId(), r.startMicros(), config.syncIds()), telemetry));
    }


    /** What the writer keeps per run: attempts per row, drops not yet reported, how the run ended. */
    private static final class RunState {
        final String runId;
        final Span span;
        private final AgentTelemetry telemetry;
        final AttemptCounter attempts = new AttemptCounter();
        final Map<DropReason, Long> unreported = new EnumMap<>(DropReason.class);
        long totalDropped;
        long exitedAtNanos;
        String error;

        RunState(String runId, Span span, AgentTelemetry telemetry) {
            this.runId = runId;
            this.span = span;
            this.telemetry = telemetry;
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
