package dev.synclog.exporter.support;

import java.io.IOException;
import java.nio.file.Path;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.util.ArrayList;
import java.util.List;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;

/**
 * Writes a real queue the way the agent does: through the events module's method writer. Rows are written as agents of
 * event schema version 1 wrote them, one row result each, unless {@link #rowsPerCall} groups them into calls of
 * several rows, one excerpt each, as agents write them since.
 */
public final class TestQueue implements AutoCloseable {
    public final Path dir;
    public final String sourceId;
    private final SingleChronicleQueue queue;
    public final SyncEvents out;
    private int rowsPerCall = 1;
    private final List<RowResult> call = new ArrayList<>();
    private long calls;

    public TestQueue(Path dir) throws IOException {
        this(dir, QueueLayout.builder(dir));
    }

    public TestQueue(Path dir, SingleChronicleQueueBuilder builder) throws IOException {
        this.dir = dir;
        this.sourceId = QueueLayout.initialise(dir);
        this.queue = builder.build();
        this.out = queue.createAppender().methodWriter(SyncEvents.class);
    }

    /** Seconds since 2024-01-01T00:00:00Z, as epoch microseconds: readable test times. */
    public static long t(long seconds) {
        return (1_704_067_200L + seconds) * 1_000_000L;
    }

    /** From now on rows go into calls of up to {@code rows} rows (a call ends early where its run changes). */
    public TestQueue rowsPerCall(int rows) {
        endCall();
        rowsPerCall = rows;
        return this;
    }

    public TestQueue agent(long pid, long atSeconds) {
        endCall();
        out.agentStarted(new AgentStarted().sourceId(sourceId).host("host-a").pid(pid).agentVersion("0.1.0")
                .configHash("c0ffee").javaVersion("17").eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue runStarted(String sync, String run, long atSeconds) {
        endCall();
        out.runStarted(new RunStarted().syncId(sync).runId(run).modelName("contacts").primaryKey("id")
                .destination("crm").traceId("trace-" + run).eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue row(String sync, String run, String rowId, String op, String status, String reason,
                         String fields, int attempt, long atSeconds) {
        RowResult row = new RowResult().syncId(sync).runId(run).rowId(rowId).opType(op).status(status)
                .failureReason(reason).fields(fields).destination("crm").object("contact")
                .httpStatus(status.equals("failed") ? 400 : 200).attempt(attempt).traceId("trace-" + run)
                .eventTimeMicros(t(atSeconds));
        if (rowsPerCall == 1) {
            out.rowResult(row);
            return this;
        }
        if (!call.isEmpty() && !call.get(0).runId().equals(run)) {
            endCall();
        }
        call.add(row);
        if (call.size() == rowsPerCall) {
            endCall();
        }
        return this;
    }

    /** Writes the rows gathered as one call, with the first row's call-level values. */
    private void endCall() {
        if (call.isEmpty()) {
            return;
        }
        int n = call.size();
        String[] ids = new String[n], ops = new String[n], statuses = new String[n], reasons = new String[n],
                fields = new String[n];
        int[] attempts = new int[n];
        for (int i = 0; i < n; i++) {
            RowResult r = call.get(i);
            ids[i] = r.rowId();
            ops[i] = r.opType();
            statuses[i] = r.status();
            reasons[i] = r.failureReason();
            fields[i] = r.fields();
            attempts[i] = r.attempt();
        }
        RowResult first = call.get(0);
        out.callRows(new CallRows().syncId(first.syncId()).runId(first.runId()).callId(++calls)
                .destination(first.destination()).object(first.object()).httpStatus(first.httpStatus())
                .traceId(first.traceId()).eventTimeMicros(first.eventTimeMicros())
                .rows(n, ids, ops, statuses, reasons, fields, attempts));
        call.clear();
    }

    public TestQueue ok(String sync, String run, String rowId, String op, String fields, long atSeconds) {
        return row(sync, run, rowId, op, "succeeded", null, fields, 1, atSeconds);
    }

    public TestQueue runFinished(String sync, String run, String status, String error, long atSeconds) {
        endCall();
        out.runFinished(new RunFinished().syncId(sync).runId(run).status(status).error(error)
                .eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue dropped(String run, long count) {
        endCall();
        out.eventsDropped(new EventsDropped().runId(run).reason("backlog_full").count(count));
        return this;
    }

    public long lastIndex() {
        endCall();
        return queue.lastIndex();
    }

    @Override
    public void close() {
        endCall();
        queue.close();
    }
}
