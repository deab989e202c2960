package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.stream.Collectors;

import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Folds a batch's changelog rows into {@code sync_snapshot}: the latest row per (sync_id, row_id). The update
 * is guarded by (sync_run_id, queue_index), so replaying rows that are already merged changes nothing.
 */
public final class SnapshotMerger {
    private final Warehouse warehouse;
    private final String mergeSql;

    public SnapshotMerger(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.mergeSql = mergeSql();
    }

    /** @return snapshot rows inserted or updated */
    public int merge(String sourceId, long firstIndex, long lastIndex) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement(mergeSql)) {
            s.setString(1, sourceId);
            s.setLong(2, firstIndex);
            s.setLong(3, lastIndex);
            return s.executeUpdate();
        }
    }

    private String mergeSql() {
        String columns = Tables.CHANGELOG.columnList(warehouse.dialect());
        String updates = ChangelogColumn.columns().stream().map(Column::name)
                .filter(n -> !n.equals("sync_id") && !n.equals("row_id"))
                .map(n -> warehouse.quote(n) + " = excluded." + warehouse.quote(n))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + warehouse.table(Tables.SNAPSHOT) + " AS e (" + columns + ", first_succeeded_run_id)"
                + " SELECT " + columns + ", first_ok FROM (SELECT c.*,"
                + " min(CASE WHEN c.status = 'succeeded' THEN c.sync_run_id END) OVER (PARTITION BY c.sync_id, c.row_id) AS first_ok,"
                + " row_number() OVER (PARTITION BY c.sync_id, c.row_id ORDER BY c.sync_run_id DESC, c.queue_index DESC) AS recency"
                + " FROM " + warehouse.table(Tables.CHANGELOG) + " c"
                + " WHERE c.source_id = ? AND c.queue_index BETWEEN ? AND ?) latest WHERE recency = 1"
                + " ON CONFLICT (sync_id, row_id) DO UPDATE SET " + updates
                + ", first_succeeded_run_id = coalesce(e.first_succeeded_run_id, excluded.first_succeeded_run_id)"
                + " WHERE e.sync_run_id < excluded.sync_run_id"
                + " OR (e.sync_run_id = excluded.sync_run_id AND e.queue_index < excluded.queue_index)";
    }
}
