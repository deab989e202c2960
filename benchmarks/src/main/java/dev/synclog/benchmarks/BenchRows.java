package dev.synclog.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;

/**
 * The rows both sides of the exporter benchmark load: one run of {@code count} distinct rows, each a successful first
 * attempt, every other one sent as an {@code upsert} (resolved to {@code added} by the exporter). Row {@code i} has the
 * same values whether it goes through the queue or straight into the warehouse.
 */
final class BenchRows {
    static final String SYNC_ID = "bench";
    static final String RUN_ID = "r1";
    /** A later run sending the same keys again, as real syncs do every run. */
    static final String RESENT_RUN_ID = "r2";
    static final String TRACE_ID = "trace-r1";
    private static final long START_MICROS = 1_704_067_200_000_000L;
    private static final int ROWS_PER_CALL = 100;

    private BenchRows() {
    }

    static String rowId(int i) {
        return Integer.toString(i);
    }

    static String fields(int i) {
        return "{\"id\":" + i + ",\"email\":\"user" + i + "@example.com\",\"plan\":\"pro\"}";
    }

    static long eventTimeMicros(int i) {
        return START_MICROS + i;
    }

    static long callId(int i) {
        return i / ROWS_PER_CALL;
    }

    /**
     * Writes run {@code runId} as the agent would, through the events module's method writer; returns the source id.
     * Every run sends the same keys with the same values.
     */
    static String writeQueue(Path dir, int count, String runId) throws IOException {
        String sourceId = QueueLayout.initialise(dir);
        try (SingleChronicleQueue queue = QueueLayout.builder(dir).build()) {
            SyncEvents out = queue.createAppender().methodWriter(SyncEvents.class);
            out.agentStarted(new AgentStarted().sourceId(sourceId).host("bench-host").pid(1).agentVersion("bench")
                    .configHash("bench").javaVersion("17").eventTimeMicros(START_MICROS));
            out.runStarted(new RunStarted().syncId(SYNC_ID).runId(runId).modelName("contacts").primaryKey("id")
                    .destination("crm").traceId(TRACE_ID).eventTimeMicros(START_MICROS));
            RowResult row = new RowResult();
            for (int i = 0; i < count; i++) {
                out.rowResult(row.syncId(SYNC_ID).runId(runId).rowId(rowId(i)).opType(i % 2 == 0 ? "upsert" : "added")
                        .status("succeeded").fields(fields(i)).destination("crm").object("contact").httpStatus(200)
                        .attempt(1).traceId(TRACE_ID).callId(callId(i)).eventTimeMicros(eventTimeMicros(i)));
            }
            out.runFinished(new RunFinished().syncId(SYNC_ID).runId(runId).status("succeeded")
                    .eventTimeMicros(eventTimeMicros(count)));
        }
        return sourceId;
    }
}
