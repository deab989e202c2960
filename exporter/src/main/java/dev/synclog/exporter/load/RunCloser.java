package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.synclog.exporter.load.ChangelogBatch.RunKey;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Closes runs: with the status the agent reported, or as failed when the agent died (a new agent started on the
 * same queue) or went silent past the run timeout. Its counts are current already ({@link RunCounts}).
 */
public final class RunCloser {
    private final Warehouse warehouse;
    private final String closeSql;

    public RunCloser(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.closeSql = "UPDATE " + warehouse.table(Tables.RUNS) + " SET status = ?, error = ?, finished_at = ?,"
                + " events_dropped = CASE WHEN events_dropped < ? THEN ? ELSE events_dropped END"
                + " WHERE sync_id = ? AND sync_run_id = ?";
    }

    public void close(String syncId, String runId, String status, String error, long finishedAtMicros,
                      long eventsDropped) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement(closeSql)) {
            int i = 1;
            s.setString(i++, status);
            s.setString(i++, error);
            warehouse.dialect().bindTimestamp(s, i++, finishedAtMicros);
            s.setLong(i++, eventsDropped);
            s.setLong(i++, eventsDropped);
            s.setString(i++, syncId);
            s.setString(i, runId);
            s.executeUpdate();
        }
    }

    /** Runs of {@code sourceId} still open: the agent that wrote them is gone. */
    public void closeAbandoned(String sourceId, AgentInfo previous, AgentInfo next) throws SQLException {
        String error = "run abandoned: the agent process (" + previous.describe() + ") stopped without finishing it;"
                + " a new agent (" + next.describe() + ") started on the same queue";
        for (RunKey run : openRuns("source_id = ?", sourceId, null)) {
            close(run.syncId(), run.runId(), "failed", error, next.startedAtMicros(), 0);
        }
    }

    /** Runs of {@code sourceId} with no event since {@code cutoffMicros}. */
    public int closeSilent(String sourceId, long cutoffMicros, long nowMicros, String timeout) throws SQLException {
        List<RunKey> silent = openRuns("source_id = ? AND coalesce(last_event_at, started_at) < ?", sourceId, cutoffMicros);
        for (RunKey run : silent) {
            close(run.syncId(), run.runId(), "failed", "run timed out: no event from the agent for " + timeout
                    + " (--run-timeout); it stopped without finishing the run", nowMicros, 0);
        }
        return silent.size();
    }

    private List<RunKey> openRuns(String condition, String sourceId, Long cutoffMicros) throws SQLException {
        List<RunKey> open = new ArrayList<>();
        try (PreparedStatement s = warehouse.connection().prepareStatement("SELECT sync_id, sync_run_id FROM "
                + warehouse.table(Tables.RUNS) + " WHERE finished_at IS NULL AND " + condition)) {
            s.setString(1, sourceId);
            if (cutoffMicros != null) {
                warehouse.dialect().bindTimestamp(s, 2, cutoffMicros);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    open.add(new RunKey(r.getString(1), r.getString(2)));
                }
            }
        }
        return open;
    }
}
