package dev.synclog.exporter.load;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Folds the staged batch into {@code sync_snapshot}: the latest row per (sync_id, row_id). The update is guarded by
 * (sync_run_id, queue_index), so replaying rows that are already merged changes nothing. Reads the stage
 * {@link ChangelogWriter#write} left resolved, in the same transaction: one row per key, no window function.
 */
public final class SnapshotMerger {
    private final Warehouse warehouse;
    private final String mergeSql;

    public SnapshotMerger(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.mergeSql = mergeSql();
    }

    /** @return snapshot rows inserted or updated */
    public int merge() throws SQLException {
        try (Statement s = warehouse.connection().createStatement()) {
            return s.executeUpdate(mergeSql);
        }
    }

    private String mergeSql() {
        String updates = ChangelogColumn.columns().stream().map(Column::name)
                .filter(n -> !n.equals("sync_id") && !n.equals("row_id"))
                .map(n -> warehouse.quote(n) + " = excluded." + warehouse.quote(n))
                .collect(Collectors.joining(", "));
        String columns = Tables.CHANGELOG.columnList(warehouse.dialect()) + ", first_succeeded_run_id";
        return "INSERT INTO " + warehouse.table(Tables.SNAPSHOT) + " AS e (" + columns + ") SELECT " + columns
                + " FROM " + warehouse.dialect().stageTable(StagedBatch.STAGE.name()) + " WHERE latest_in_batch"
                + " ON CONFLICT (sync_id, row_id) DO UPDATE SET " + updates
                + ", first_succeeded_run_id = coalesce(e.first_succeeded_run_id, excluded.first_succeeded_run_id)"
                + " WHERE e.sync_run_id < excluded.sync_run_id"
                + " OR (e.sync_run_id = excluded.sync_run_id AND e.queue_index < excluded.queue_index)";
    }
}
