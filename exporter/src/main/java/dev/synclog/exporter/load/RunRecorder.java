package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import dev.synclog.exporter.load.ChangelogBatch.RunKey;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/** Applies a batch's {@link RunChange}s to {@code sync_runs}, in queue order. */
public final class RunRecorder {
    private final Warehouse warehouse;
    private final RunCloser closer;
    private final String insertRun;
    private final String openRun;

    public RunRecorder(Warehouse warehouse, RunCloser closer) {
        this.warehouse = warehouse;
        this.closer = closer;
        String insert = "INSERT INTO " + warehouse.table(Tables.RUNS) + " (sync_id, sync_run_id, primary_key, destination,"
                + " model_name, status, started_at, " + String.join(", ", Tables.RUN_COUNTS)
                + ", host, pid, agent_version, trace_id, events_dropped, source_id, last_event_at)"
                + " VALUES (?, ?, ?, ?, ?, 'running', ?, " + "0, ".repeat(Tables.RUN_COUNTS.size())
                + "?, ?, ?, ?, 0, ?, ?) ON CONFLICT (sync_id, sync_run_id) DO ";
        this.insertRun = insert + "NOTHING";
        this.openRun = insert + "UPDATE SET primary_key = excluded.primary_key, destination = excluded.destination,"
                + " model_name = excluded.model_name, started_at = excluded.started_at, host = excluded.host,"
                + " pid = excluded.pid, agent_version = excluded.agent_version, trace_id = excluded.trace_id";
    }

    /** @return dropped events that belong to no run in the warehouse, for the source's own counter */
    public long apply(ChangelogBatch batch) throws SQLException {
        long unattributedDrops = 0;
        for (RunChange change : batch.runChanges()) {
            if (change instanceof RunChange.RunSeen seen) {
                upsert(insertRun, seen.syncId(), seen.runId(), null, null, null, null, seen.firstEventMicros(),
                        seen.agent(), seen.sourceId());
            } else if (change instanceof RunChange.RunOpened o) {
                upsert(openRun, o.syncId(), o.runId(), o.primaryKey(), o.destination(), o.modelName(), o.traceId(),
                        o.startedAtMicros(), o.agent(), o.sourceId());
            } else if (change instanceof RunChange.RunEnded e) {
                upsert(insertRun, e.syncId(), e.runId(), null, null, null, null, e.finishedAtMicros(), e.agent(),
                        e.sourceId());
                closer.close(e.syncId(), e.runId(), e.status(), e.error(), e.finishedAtMicros(), e.eventsDropped());
            } else if (change instanceof RunChange.AgentRestarted a) {
                closer.closeAbandoned(a.sourceId(), a.previous(), a.next());
            } else if (change instanceof RunChange.DropsReported d) {
                unattributedDrops += d.runId() == null || addDrops(d) == 0 ? d.count() : 0;
            }
        }
        recordActivity(batch.lastEventMicrosByRun());
        return unattributedDrops;
    }

    private void upsert(String sql, String syncId, String runId, String primaryKey, String destination,
                        String modelName, String traceId, long startedAtMicros, AgentInfo agent, String sourceId)
            throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement(sql)) {
            s.setString(1, syncId);
            s.setString(2, runId);
            s.setString(3, primaryKey);
            s.setString(4, destination);
            s.setString(5, modelName);
            warehouse.dialect().bindTimestamp(s, 6, startedAtMicros);
            s.setString(7, agent.host());
            s.setObject(8, agent.pid());
            s.setString(9, agent.agentVersion());
            s.setString(10, traceId);
            s.setString(11, sourceId);
            warehouse.dialect().bindTimestamp(s, 12, startedAtMicros);
            s.executeUpdate();
        }
    }

    private int addDrops(RunChange.DropsReported d) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement("UPDATE " + warehouse.table(Tables.RUNS)
                + " SET events_dropped = events_dropped + ? WHERE source_id = ? AND sync_run_id = ?")) {
            s.setLong(1, d.count());
            s.setString(2, d.sourceId());
            s.setString(3, d.runId());
            return s.executeUpdate();
        }
    }

    /** Feeds the run timeout: when did each run last show a sign of life. */
    private void recordActivity(Map<RunKey, Long> lastEventMicros) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement("UPDATE " + warehouse.table(Tables.RUNS)
                + " SET last_event_at = ? WHERE sync_id = ? AND sync_run_id = ?"
                + " AND (last_event_at IS NULL OR last_event_at < ?)")) {
            for (Map.Entry<RunKey, Long> e : lastEventMicros.entrySet()) {
                warehouse.dialect().bindTimestamp(s, 1, e.getValue());
                s.setString(2, e.getKey().syncId());
                s.setString(3, e.getKey().runId());
                warehouse.dialect().bindTimestamp(s, 4, e.getValue());
                s.executeUpdate();
            }
        }
    }
}
