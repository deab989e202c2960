package dev.synclog.exporter.load;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import dev.synclog.exporter.warehouse.BulkRows;
import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Folds a batch into {@code sync_snapshot}: the latest row per (sync_id, row_id). Keys the snapshot does not hold yet
 * are bulk-loaded straight into it (no duplicate is possible: {@link SnapshotLookup} looked them up inside the
 * transaction, under a lock where needed); the rest go through a stage and an update guarded by
 * (sync_run_id, queue_index), so that an older run's row arriving late does not replace a newer one.
 */
public final class SnapshotMerger {
    private final Warehouse warehouse;
    private final String stage;
    private final String mergeSql;

    public SnapshotMerger(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stage = warehouse.dialect().stageTable(ResolvedBatch.SNAPSHOT_STAGE.name());
        this.mergeSql = mergeSql();
    }

    /** Once per connection: the stage is a temporary table. */
    public void prepare() throws SQLException {
        warehouse.dialect().createStage(warehouse.connection(), ResolvedBatch.SNAPSHOT_STAGE);
    }

    /** After {@link SnapshotLookup#lookUp}. @return snapshot rows inserted or updated */
    public int merge(ResolvedBatch batch) throws SQLException {
        BulkRows added = batch.snapshot(false);
        warehouse.dialect().bulkLoad(warehouse.connection(), warehouse.schema(), Tables.SNAPSHOT, added);
        BulkRows held = batch.snapshot(true);
        if (held.size() == 0) {
            return added.size();
        }
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
            warehouse.dialect().bulkLoad(warehouse.connection(), null, ResolvedBatch.SNAPSHOT_STAGE, held);
            return added.size() + s.executeUpdate(mergeSql);
        }
    }

    private String mergeSql() {
        String updates = Tables.SNAPSHOT.columns().stream().map(Column::name)
                .filter(n -> !n.equals("sync_id") && !n.equals("row_id"))
                .map(n -> warehouse.quote(n) + " = " + (n.equals("first_succeeded_run_id")
                        ? "coalesce(e.first_succeeded_run_id, st.first_succeeded_run_id)" : "st." + warehouse.quote(n)))
                .collect(Collectors.joining(", "));
        // The target's alias is not repeated in SET: neither warehouse accepts that.
        return "UPDATE " + warehouse.table(Tables.SNAPSHOT) + " AS e SET " + updates + " FROM " + stage + " AS st"
                + " WHERE e.sync_id = st.sync_id AND e.row_id = st.row_id"
                + " AND (e.sync_run_id < st.sync_run_id"
                + " OR (e.sync_run_id = st.sync_run_id AND e.queue_index < st.queue_index))";
    }
}
