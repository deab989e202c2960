package dev.synclog.exporter.load;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

import dev.synclog.exporter.warehouse.BulkRows;
import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;
import dev.synclog.exporter.warehouse.WarehouseDialect;

/**
 * Folds a batch into {@code sync_snapshot}: the latest row per (sync_id, row_id). The latest rows of keys the snapshot
 * may hold ({@link SnapshotLookup} chose them) go into a stage, which answers which of them it holds and updates those,
 * guarded by (sync_run_id, queue_index) so that an older run's row arriving late does not replace a newer one. Where
 * the dialect can, that is one statement ({@link WarehouseDialect#updatesInWithClause}). Keys it does not hold are then
 * bulk-loaded straight into it: no duplicate is possible, as they were looked up inside the transaction, under a lock
 * where needed.
 */
public final class SnapshotMerger {
    private final Warehouse warehouse;
    private final String stage;
    /** Per staged key the snapshot holds: its {@code key_index}, whether it succeeded before, its run id. */
    private final String lookupSql;
    private final String updateSql;

    public SnapshotMerger(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stage = warehouse.dialect().stageTable(ResolvedBatch.SNAPSHOT_STAGE.name());
        this.lookupSql = "SELECT st.key_index, e.first_succeeded_run_id IS NOT NULL, e.sync_run_id FROM " + stage
                + " AS st JOIN " + warehouse.table(Tables.SNAPSHOT) + " AS e ON e.sync_id = st.sync_id"
                + " AND e.row_id = st.row_id";
        this.updateSql = updateSql();
    }

    /** Once per connection: the stage is a temporary table. */
    public void prepare() throws SQLException {
        warehouse.dialect().createStage(warehouse.connection(), ResolvedBatch.SNAPSHOT_STAGE);
    }

    /**
     * After {@link SnapshotLookup#lookUp}; tells the batch which keys the snapshot held, which resolves its upserts.
     *
     * @return snapshot rows inserted or updated
     */
    public int merge(ResolvedBatch batch) throws SQLException {
        int updated = lookUpAndUpdate(batch);
        BulkRows added = batch.newKeys();
        warehouse.dialect().bulkLoad(warehouse.connection(), warehouse.schema(), Tables.SNAPSHOT, added);
        return updated + added.size();
    }

    private int lookUpAndUpdate(ResolvedBatch batch) throws SQLException {
        BulkRows staged = batch.maybeHeld();
        if (staged.size() == 0) {
            return 0;
        }
        WarehouseDialect dialect = warehouse.dialect();
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
            dialect.bulkLoad(warehouse.connection(), null, ResolvedBatch.SNAPSHOT_STAGE, staged);
            if (dialect.updatesInWithClause()) {
                // Every part of the statement sees the snapshot as it was before the update.
                return run(s, "WITH held AS (" + lookupSql + "), merged AS (" + updateSql + " RETURNING 1)"
                        + " SELECT held.*, (SELECT count(*) FROM merged) FROM held", batch);
            }
            run(s, lookupSql, batch);
            return run(s, updateSql, batch);
        }
    }

    /** @return the statement's update count, or the lookup's fourth column if it has one */
    private int run(Statement s, String sql, ResolvedBatch batch) throws SQLException {
        int count = 0;
        for (String statement : warehouse.dialect().probingKeys(sql)) {
            if (!s.execute(statement)) {
                count += statement.equals(sql) ? s.getUpdateCount() : 0;
                continue;
            }
            try (ResultSet r = s.getResultSet()) {
                boolean counted = r.getMetaData().getColumnCount() > 3;
                while (r.next()) {
                    batch.heldBySnapshot(r.getInt(1), r.getBoolean(2), r.getString(3));
                    count = counted ? r.getInt(4) : 0;
                }
            }
        }
        return count;
    }

    private String updateSql() {
        String updates = Tables.SNAPSHOT.columns().stream().map(Column::name)
                .filter(n -> !n.equals("sync_id") && !n.equals("row_id"))
                .map(n -> warehouse.quote(n) + " = " + switch (n) {
                    case "first_succeeded_run_id" -> "coalesce(e.first_succeeded_run_id, st.first_succeeded_run_id)";
                    // The stage resolved upserts by the batch alone: the snapshot's earlier success makes one changed.
                    case "op_type" -> "CASE WHEN st.upsert_added AND e.first_succeeded_run_id IS NOT NULL"
                            + " THEN 'changed' ELSE st.op_type END";
                    case "fields" -> warehouse.dialect().keepsLargeValuesSetToThemselves()
                            ? "CASE WHEN e.fields = st.fields THEN e.fields ELSE st.fields END" : "st.fields";
                    default -> "st." + warehouse.quote(n);
                })
                .collect(Collectors.joining(", "));
        // The target's alias is not repeated in SET: neither warehouse accepts that.
        return "UPDATE " + warehouse.table(Tables.SNAPSHOT) + " AS e SET " + updates + " FROM " + stage + " AS st"
                + " WHERE e.sync_id = st.sync_id AND e.row_id = st.row_id"
                + " AND (e.sync_run_id < st.sync_run_id"
                + " OR (e.sync_run_id = st.sync_run_id AND e.queue_index < st.queue_index))";
    }
}
