package dev.synclog.agent.queue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;

/**
 * How far the queue got with the journal of a process that died: the queue is the truth, the journal the plan.
 * Events carry the journal position of their call ({@code callId}), and the writer writes calls in journal order, so
 * the last call of those runs in the queue says where to resume, and how many of its rows were written: a call is one
 * excerpt (event schema version 2), but an agent of version 1 may have died between a call's event and its last row. Read
 * backwards from the end, over the runs of that journal, as far as the start of the agent that wrote it.
 */
final class QueueProgress {
    private final Set<String> runsOfJournal;
    private final long pid;
    private final long journalStartMicros;
    private final int attemptWindow;

    /** Position of the last call written, -1 when none. */
    long lastCall = -1;
    /** Rows of {@link #lastCall} in the queue. */
    int rowsOfLastCall;
    private boolean passedStartOfLastCall;
    final Set<String> started = new HashSet<>();
    final Set<String> finished = new HashSet<>();
    /**
     * Attempts per run and row so far, so that the rows written next carry the right attempt numbers: of each run's
     * latest rows, as many as the attempt window holds (read backwards, older rows are left out once it is full).
     */
    final Map<String, AttemptCounter> attempts = new HashMap<>();
    private boolean done;

    private QueueProgress(Set<String> runsOfJournal, long pid, long journalStartMicros, int attemptWindow) {
        this.runsOfJournal = runsOfJournal;
        this.pid = pid;
        this.journalStartMicros = journalStartMicros;
        this.attemptWindow = attemptWindow;
    }

    /**
     * Read event by event rather than through a Chronicle method reader, which would compile a class at run time in
     * the app's JVM (the writer side ships pre-generated).
     */
    static QueueProgress read(SingleChronicleQueue queue, Set<String> runsOfJournal, long pid, long journalStartMicros,
                              int attemptWindow) {
        QueueProgress progress = new QueueProgress(runsOfJournal, pid, journalStartMicros, attemptWindow);
        StringBuilder name = new StringBuilder();
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd()) {
            while (!progress.done) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    if (!dc.isData()) {
                        continue;
                    }
                    ValueIn in = dc.wire().readEventName(name);
                    switch (name.toString()) {
                        case "agentStarted" -> progress.agentStarted(in.object(AgentStarted.class));
                        case "runStarted" -> progress.runStarted(in.object(RunStarted.class));
                        case "callRows" -> progress.callRows(in.object(CallRows.class));
                        case "callCompleted" -> progress.callCompleted(in.object(CallCompleted.class));
                        case "rowResult" -> progress.rowResult(in.object(RowResult.class));
                        case "runFinished" -> progress.runFinished(in.object(RunFinished.class));
                        default -> {
                            // other events say nothing about progress
                        }
                    }
                }
            }
        }
        return progress;
    }

    /** Stops at the agent that wrote the journal, or at any agent that started before it (it never opened the queue). */
    private void agentStarted(AgentStarted e) {
        if (e.pid() == pid || e.eventTimeMicros() < journalStartMicros) {
            done = true;
        }
    }

    private void runStarted(RunStarted e) {
        if (runsOfJournal.contains(e.runId())) {
            started.add(e.runId());
        }
    }

    private void callRows(CallRows e) {
        if (!runsOfJournal.contains(e.runId())) {
            return;
        }
        if (lastCall < 0) {
            lastCall = e.callId();
            // Its first rows may be older row results; those before them are counted here, not again when met.
            rowsOfLastCall = e.firstRow() + e.rowCount();
            passedStartOfLastCall = true;
        }
        AttemptCounter counter = attemptsOf(e.runId());
        for (int i = e.rowCount() - 1; i >= 0; i--) {
            counter.countEarlier(e.syncId(), e.rowId(i));
        }
    }

    private void callCompleted(CallCompleted e) {
        if (runsOfJournal.contains(e.runId()) && lastCall == e.callId()) {
            passedStartOfLastCall = true;
        } else if (runsOfJournal.contains(e.runId()) && lastCall < 0) {
            lastCall = e.callId();
            passedStartOfLastCall = true;
        }
    }

    private void rowResult(RowResult e) {
        if (!runsOfJournal.contains(e.runId())) {
            return;
        }
        if (lastCall < 0) {
            lastCall = e.callId();
        }
        if (e.callId() == lastCall && !passedStartOfLastCall) {
            rowsOfLastCall++;
        }
        attemptsOf(e.runId()).countEarlier(e.syncId(), e.rowId());
    }

    private AttemptCounter attemptsOf(String runId) {
        return attempts.computeIfAbsent(runId, r -> new AttemptCounter(attemptWindow));
    }

    private void runFinished(RunFinished e) {
        if (runsOfJournal.contains(e.runId())) {
            finished.add(e.runId());
        }
    }
}
