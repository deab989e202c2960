package dev.synclog.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallRows;
import dev.synclog.events.QueueLayout;
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

    /** A row's time is its call's: the calls' rows share it in the queue. */
    static long eventTimeMicros(int i) {
        return START_MICROS + callId(i);
    }

    static long callId(int i) {
        return i / ROWS_PER_CALL;
    }

    /**
     * Writes run {@code runId} as the agent would, through the events module's method writer, a call of
     * {@value #ROWS_PER_CALL} rows per excerpt; returns the source id. Every run sends the same keys with the same values.
     */
    static String writeQueue(Path dir, int count, String runId) throws IOException {
        String sourceId = QueueLayout.initialise(dir);
        try (SingleChronicleQueue queue = QueueLayout.builder(dir).build()) {
            SyncEvents out = queue.createAppender().methodWriter(SyncEvents.class);
            out.agentStarted(new AgentStarted().sourceId(sourceId).host("bench-host").pid(1).agentVersion("bench")
                    .configHash("bench").javaVersion("17").eventTimeMicros(START_MICROS));
            out.runStarted(new RunStarted().syncId(SYNC_ID).runId(runId).modelName("contacts").primaryKey("id")
                    .destination("crm").traceId(TRACE_ID).eventTimeMicros(START_MICROS));
            CallRows call = new CallRows();
            String[] ids = new String[ROWS_PER_CALL];
            String[] ops = new String[ROWS_PER_CALL];
            String[] statuses = new String[ROWS_PER_CALL];
            String[] reasons = new String[ROWS_PER_CALL];
            String[] fields = new String[ROWS_PER_CALL];
            int[] attempts = new int[ROWS_PER_CALL];
            Arrays.fill(statuses, "succeeded");
            Arrays.fill(attempts, 1);
            for (int first = 0; first < count; first += ROWS_PER_CALL) {
                int rows = Math.min(ROWS_PER_CALL, count - first);
                for (int j = 0; j < rows; j++) {
                    int i = first + j;
                    ids[j] = rowId(i);
                    ops[j] = i % 2 == 0 ? "upsert" : "added";
                    fields[j] = fields(i);
                }
                out.callRows(call.syncId(SYNC_ID).runId(runId).callId(callId(first)).destination("crm").object("contact")
                        .httpStatus(200).rowsSucceeded(rows).traceId(TRACE_ID).eventTimeMicros(eventTimeMicros(first))
                        .rows(rows, ids, ops, statuses, reasons, fields, attempts));
            }
            out.runFinished(new RunFinished().syncId(SYNC_ID).runId(runId).status("succeeded")
                    .eventTimeMicros(eventTimeMicros(count) + 1));
        }
        return sourceId;
    }
}
