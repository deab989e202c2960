package dev.synclog.exporter.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.OpType;
import dev.synclog.events.RowResult;
import dev.synclog.events.RowStatus;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.RunStatus;
import dev.synclog.exporter.load.ChangelogBatch.RunKey;

/**
 * Turns one queue's events into batches. Holds only what a batch needs and what the warehouse also
 * records (the current agent), so that after any failure it is rebuilt from the warehouse.
 */
public final class BatchAssembler {
    private final String sourceId;
    private long committedIndex;
    private AgentInfo agent;

    private long lastIndex;
    private int events;
    private List<ChangelogRow> rows = new ArrayList<>();
    private List<RunChange> changes = new ArrayList<>();
    private Map<RunKey, Long> lastEventByRun = new LinkedHashMap<>();
    private final Set<RunKey> runsSeen = new HashSet<>();

    public BatchAssembler(String sourceId, long committedIndex, AgentInfo agent) {
        this.sourceId = sourceId;
        this.committedIndex = committedIndex;
        this.agent = agent;
        this.lastIndex = committedIndex;
    }

    public int rowCount() {
        return rows.size();
    }

    /** An event with no effect on the tables (e.g. CallCompleted) still moves the position. */
    public void skipped(long index) {
        advance(index);
    }

    public void agentStarted(AgentStarted e, long index) {
        AgentInfo next = new AgentInfo(e.host(), e.pid(), e.agentVersion(), e.eventTimeMicros());
        changes.add(new RunChange.AgentRestarted(sourceId, agent, next));
        agent = next;
        advance(index);
    }

    public void runStarted(RunStarted e, long index) {
        changes.add(new RunChange.RunOpened(e.syncId(), e.runId(), e.modelName(), e.primaryKey(), e.destination(),
                e.traceId(), e.eventTimeMicros(), agent, sourceId));
        runsSeen.add(new RunKey(e.syncId(), e.runId()));
        touch(e.syncId(), e.runId(), e.eventTimeMicros());
        advance(index);
    }

    /**
     * A call and its rows (schema version 2): every row of the excerpt is in this batch, so a batch that commits
     * holds the excerpt whole, and one that does not holds none of it.
     *
     * @throws IllegalArgumentException naming the bad value, for the caller to place in the queue
     */
    public void callRows(CallRows e, long index) {
        for (int i = 0; i < e.rowCount(); i++) {
            requireRow(e.opType(i), e.status(i));
        }
        if (e.rowCount() > 0) {
            seen(e.syncId(), e.runId(), e.eventTimeMicros());
        }
        for (int i = 0; i < e.rowCount(); i++) {
            rows.add(new ChangelogRow(e.syncId(), e.runId(), e.rowId(i), e.opType(i), e.status(i), e.failureReason(i),
                    e.fields(i), e.destination(), e.object(), e.httpStatus(), e.attempt(i), e.eventTimeMicros(),
                    e.traceId(), e.callId(), sourceId, index, i));
        }
        advance(index);
    }

    /** One row (schema version 1). @throws IllegalArgumentException naming the bad value */
    public void rowResult(RowResult e, long index) {
        requireRow(e.opType(), e.status());
        seen(e.syncId(), e.runId(), e.eventTimeMicros());
        rows.add(new ChangelogRow(e.syncId(), e.runId(), e.rowId(), e.opType(), e.status(), e.failureReason(),
                e.fields(), e.destination(), e.object(), e.httpStatus(), e.attempt(), e.eventTimeMicros(),
                e.traceId(), e.callId(), sourceId, index, 0));
        advance(index);
    }

    /** The run has rows here: opened now if its start was never read (it may be in a file deleted by hand). */
    private void seen(String syncId, String runId, long micros) {
        if (runsSeen.add(new RunKey(syncId, runId))) {
            changes.add(new RunChange.RunSeen(syncId, runId, micros, agent, sourceId));
        }
        touch(syncId, runId, micros);
    }

    public void runFinished(RunFinished e, long index) {
        if (!RunStatus.SUCCEEDED.wireName().equals(e.status()) && !RunStatus.FAILED.wireName().equals(e.status())) {
            throw new IllegalArgumentException("unknown run status '" + e.status() + "': expected succeeded or failed");
        }
        changes.add(new RunChange.RunEnded(e.syncId(), e.runId(), e.status(), e.error(), e.eventTimeMicros(),
                e.eventsDropped(), agent, sourceId));
        touch(e.syncId(), e.runId(), e.eventTimeMicros());
        advance(index);
    }

    public void eventsDropped(EventsDropped e, long index) {
        changes.add(new RunChange.DropsReported(sourceId, e.runId(), e.reason(), e.count()));
        advance(index);
    }

    /** Hands over what was read since the last call; the caller commits it or discards the assembler. */
    public ChangelogBatch take() {
        ChangelogBatch batch = new ChangelogBatch(sourceId, committedIndex, lastIndex, events, rows, changes,
                lastEventByRun, agent);
        committedIndex = lastIndex;
        events = 0;
        rows = new ArrayList<>();
        changes = new ArrayList<>();
        lastEventByRun = new LinkedHashMap<>();
        runsSeen.clear();
        return batch;
    }

    private void touch(String syncId, String runId, long micros) {
        lastEventByRun.merge(new RunKey(syncId, runId), micros, Math::max);
    }

    private void advance(long index) {
        lastIndex = index;
        events++;
    }

    private static void requireRow(String opType, String status) {
        OpType.fromWireName(opType);
        for (RowStatus s : RowStatus.values()) {
            if (s.wireName().equals(status)) {
                return;
            }
        }
        throw new IllegalArgumentException("unknown row status '" + status + "': expected succeeded, failed or aborted");
    }
}
