package dev.synclog.exporter.support;

import java.io.IOException;
import java.nio.file.Path;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;

/** Writes a real queue the way the agent does: through the events module's method writer. */
public final class TestQueue implements AutoCloseable {
    public final Path dir;
    public final String sourceId;
    private final SingleChronicleQueue queue;
    public final SyncEvents out;

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

    public TestQueue agent(long pid, long atSeconds) {
        out.agentStarted(new AgentStarted().sourceId(sourceId).host("host-a").pid(pid).agentVersion("0.1.0")
                .configHash("c0ffee").javaVersion("17").eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue runStarted(String sync, String run, long atSeconds) {
        out.runStarted(new RunStarted().syncId(sync).runId(run).modelName("contacts").primaryKey("id")
                .destination("crm").traceId("trace-" + run).eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue row(String sync, String run, String rowId, String op, String status, String reason,
                         String fields, int attempt, long atSeconds) {
        out.rowResult(new RowResult().syncId(sync).runId(run).rowId(rowId).opType(op).status(status)
                .failureReason(reason).fields(fields).destination("crm").object("contact")
                .httpStatus(status.equals("failed") ? 400 : 200).attempt(attempt).traceId("trace-" + run)
                .eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue ok(String sync, String run, String rowId, String op, String fields, long atSeconds) {
        return row(sync, run, rowId, op, "succeeded", null, fields, 1, atSeconds);
    }

    public TestQueue runFinished(String sync, String run, String status, String error, long atSeconds) {
        out.runFinished(new RunFinished().syncId(sync).runId(run).status(status).error(error)
                .eventTimeMicros(t(atSeconds)));
        return this;
    }

    public TestQueue dropped(String run, long count) {
        out.eventsDropped(new EventsDropped().runId(run).reason("backlog_full").count(count));
        return this;
    }

    public long lastIndex() {
        return queue.lastIndex();
    }

    @Override
    public void close() {
        queue.close();
    }
}
