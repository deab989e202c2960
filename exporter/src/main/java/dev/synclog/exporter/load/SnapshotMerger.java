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
 * the dialect can, that is one statement, the update going to the rows the lookup found by their place in the table
 * ({@link WarehouseDialect#rowAddress}). Keys it does not hold are then bulk-loaded straight into it: no duplicate is
 * possible, as they were looked up inside the transaction, under a lock where needed.
 */
public final class SnapshotMerger {
    private final Warehouse warehouse;
    private final String stage;
    /** Per staged key the snapshot holds: its {@code key_index}, whether it succeeded before, its run id. */
    private final String lookupSql;
    /** The snapshot's rows of staged keys, updated by key under the guard. */
    private final String updateSql;
    /**
     * The lookup, whether the guard lets each row found be updated, and the update of those rows by their address (the
     * count of rows it updated in every result row); null when the dialect has no row addresses.
     */
    private final String lookUpAndUpdateSql;

    /** What one statement's lookup and update said: rows the guard let through at the lookup, and rows updated. */
    private static final class Merged {
        int due;
        int updated;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    public SnapshotMerger(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stage = warehouse.dialect().stageTable(ResolvedBatch.SNAPSHOT_STAGE.name());
        String snapshot = warehouse.table(Tables.SNAPSHOT);
        String found = " FROM " + stage + " AS st JOIN " + snapshot + " AS e ON e.sync_id = st.sync_id"
                + " AND e.row_id = st.row_id";
        String guard = "(e.sync_run_id < st.sync_run_id"
                + " OR (e.sync_run_id = st.sync_run_id AND e.queue_index < st.queue_index))";
        // The target's alias is not repeated in SET: neither warehouse accepts that.
        String update = "UPDATE " + snapshot + " AS e SET " + assignments() + " FROM ";
        this.lookupSql = "SELECT st.key_index, e.first_succeeded_run_id IS NOT NULL, e.sync_run_id" + found;
        this.updateSql = update + stage + " AS st WHERE e.sync_id = st.sync_id AND e.row_id = st.row_id AND " + guard;
        String address = warehouse.dialect().rowAddress();
        // Every part of the statement sees the snapshot as it was before the update. A row that a writer skipping the
        // exporter's lock moved (updated, or deleted and inserted) after the lookup read it is not updated at its old
        // address: merge() then updates it by key. The key is compared with IS NOT DISTINCT FROM (never null either
        // side) because with "=" the planner probes the primary key again.
        this.lookUpAndUpdateSql = address == null ? null
                : "WITH held AS (SELECT st.key_index, e.first_succeeded_run_id IS NOT NULL AS succeeded, e.sync_run_id, "
                + guard + " AS due, e." + address + " AS snapshot_row, st." + address + " AS stage_row" + found + "),"
                + " merged AS (" + update + "held, " + stage + " AS st WHERE st." + address + " = held.stage_row"
                + " AND e." + address + " = held.snapshot_row"
                + " AND (e.sync_id, e.row_id) IS NOT DISTINCT FROM (st.sync_id, st.row_id) AND " + guard + " RETURNING 1)"
                + " SELECT key_index, succeeded, sync_run_id, due, (SELECT count(*) FROM merged) FROM held";
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
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
            warehouse.dialect().bulkLoad(warehouse.connection(), null, ResolvedBatch.SNAPSHOT_STAGE, staged);
            if (lookUpAndUpdateSql == null) {
                run(s, lookupSql, row -> held(row, batch));
                return run(s, updateSql, null);
            }
            Merged merged = new Merged();
            run(s, lookUpAndUpdateSql, row -> {
                held(row, batch);
                merged.due += row.getBoolean(4) ? 1 : 0;
                merged.updated = row.getInt(5);
            });
            // Rows moved since the lookup were left: update them by key. Those updated already now carry the stage's
            // run and queue index, which the guard refuses, so no row is updated twice.
            return merged.updated < merged.due ? merged.updated + run(s, updateSql, null) : merged.updated;
        }
    }

    private static void held(ResultSet row, ResolvedBatch batch) throws SQLException {
        batch.heldBySnapshot(row.getInt(1), row.getBoolean(2), row.getString(3));
    }

    /** @return the statement's update count; the rows it returns go to {@code rows} */
    private int run(Statement s, String sql, RowReader rows) throws SQLException {
        int count = 0;
        for (String statement : warehouse.dialect().probingKeys(sql)) {
            if (!s.execute(statement)) {
                count += statement.equals(sql) ? s.getUpdateCount() : 0;
                continue;
            }
            try (ResultSet r = s.getResultSet()) {
                while (r.next()) {
                    rows.read(r);
                }
            }
        }
        return count;
    }

    private String assignments() {
        return Tables.SNAPSHOT.columns().stream().map(Column::name)
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
    }
}
