package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * The only durable read position: {@code sync_sources.last_queue_index}, advanced in the transaction that loads
 * the batch it covers. -1 means nothing of the queue has been loaded yet.
 */
public final class ReadPositions {
    public static final long NOTHING_READ = -1;

    /** Where to resume a source, and the agent that was writing it when the position was committed. */
    public record Position(String sourceId, long lastIndex, AgentInfo agent, long rowsLoaded, Long lastCommitMicros) {
    }

    private final Warehouse warehouse;

    public ReadPositions(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** Registers the source on first sight. */
    public Position load(String sourceId) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement("INSERT INTO " + warehouse.table(Tables.SOURCES)
                + " (source_id, last_queue_index, rows_loaded, events_dropped) VALUES (?, ?, 0, 0)"
                + " ON CONFLICT (source_id) DO NOTHING")) {
            s.setString(1, sourceId);
            s.setLong(2, NOTHING_READ);
            s.executeUpdate();
        }
        if (!warehouse.connection().getAutoCommit()) {
            warehouse.connection().commit();
        }
        try (PreparedStatement s = warehouse.connection().prepareStatement("SELECT last_queue_index, host, pid,"
                + " agent_version, agent_started_at, rows_loaded, last_commit_at FROM " + warehouse.table(Tables.SOURCES)
                + " WHERE source_id = ?")) {
            s.setString(1, sourceId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long pid = r.getLong(3);
                AgentInfo agent = new AgentInfo(r.getString(2), r.wasNull() ? null : pid, r.getString(4),
                        micros(r.getTimestamp(5)));
                return new Position(sourceId, r.getLong(1), agent, r.getLong(6), micros(r.getTimestamp(7)));
            }
        }
    }

    /**
     * Moves the position from {@code batch.previousIndex()} to {@code batch.lastIndex()}.
     *
     * @throws ConcurrentExporterException when the stored position is not where this batch started: another
     *                                     exporter reads the same queue, and this batch must not be committed
     */
    public void advance(ChangelogBatch batch, long unattributedDrops, long nowMicros) throws SQLException {
        AgentInfo agent = batch.agentAfter();
        try (PreparedStatement s = warehouse.connection().prepareStatement("UPDATE " + warehouse.table(Tables.SOURCES)
                + " SET last_queue_index = ?, host = ?, pid = ?, agent_version = ?, agent_started_at = ?,"
                + " rows_loaded = rows_loaded + ?, events_dropped = events_dropped + ?, last_commit_at = ?"
                + " WHERE source_id = ? AND last_queue_index = ?")) {
            s.setLong(1, batch.lastIndex());
            s.setString(2, agent.host());
            s.setObject(3, agent.pid());
            s.setString(4, agent.agentVersion());
            if (agent.startedAtMicros() == null) {
                s.setObject(5, null);
            } else {
                warehouse.dialect().bindTimestamp(s, 5, agent.startedAtMicros());
            }
            s.setLong(6, batch.rows().size());
            s.setLong(7, unattributedDrops);
            warehouse.dialect().bindTimestamp(s, 8, nowMicros);
            s.setString(9, batch.sourceId());
            s.setLong(10, batch.previousIndex());
            if (s.executeUpdate() != 1) {
                throw new ConcurrentExporterException(batch.sourceId(), batch.previousIndex());
            }
        }
    }

    private static Long micros(java.sql.Timestamp t) {
        return t == null ? null : t.getTime() / 1000 * 1_000_000 + t.getNanos() / 1000;
    }

    public static final class ConcurrentExporterException extends SQLException {
        ConcurrentExporterException(String sourceId, long expected) {
            super("the read position of source " + sourceId + " is no longer " + expected
                    + ": another exporter is loading the same queue into this warehouse. Run one exporter per queue.");
        }
    }
}
