package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeSet;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Tells a batch which of its keys {@code sync_snapshot} holds, and which of those succeeded before: one bulk load of
 * the keys and one join, instead of resolving upserts and merging every row in SQL. Keys that the sync's
 * {@link SnapshotKeyFilters key filter} says the snapshot cannot hold are not looked up at all.
 */
public final class SnapshotLookup {
    private final Warehouse warehouse;
    private final SnapshotKeyFilters filters;
    private final String stage;
    private final String lookupSql;
    /** Whether the batch in progress trusted a filter. */
    private boolean filtered;

    /** @param maxFilterKeys most keys the filters hold together; 0 looks every key up */
    public SnapshotLookup(Warehouse warehouse, long maxFilterKeys) {
        this.warehouse = warehouse;
        this.filters = new SnapshotKeyFilters(warehouse, maxFilterKeys);
        this.stage = warehouse.dialect().stageTable(ResolvedBatch.KEY_STAGE.name());
        this.lookupSql = "SELECT k.key_index, s.first_succeeded_run_id IS NOT NULL, s.sync_run_id FROM " + stage + " k JOIN "
                + warehouse.table(Tables.SNAPSHOT) + " s ON s.sync_id = k.sync_id AND s.row_id = k.row_id";
    }

    /** Once per connection: the stage is a temporary table. */
    public void prepare() throws SQLException {
        warehouse.dialect().createStage(warehouse.connection(), ResolvedBatch.KEY_STAGE);
    }

    /** Inside the batch's transaction, which keeps the answer true until it commits. */
    public void lookUp(ResolvedBatch batch, PhaseTimes times) throws SQLException {
        TreeSet<String> syncIds = new TreeSet<>();
        batch.rows().forEach(row -> syncIds.add(row.syncId()));
        warehouse.dialect().lockSnapshotKeys(warehouse.connection(), syncIds);
        Map<String, KeyFilter> trusted = filters.open(syncIds, times);
        filtered = !trusted.isEmpty();
        int[] maybeHeld = new int[batch.keyCount()];
        int count = 0;
        for (int key = 0; key < batch.keyCount(); key++) {
            KeyFilter filter = trusted.get(batch.keySyncId(key));
            if (filter == null || filter.mightContain(batch.keyRowId(key))) {
                maybeHeld[count++] = key;
            }
        }
        if (count == 0) {
            return;
        }
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
        }
        warehouse.dialect().bulkLoad(warehouse.connection(), null, ResolvedBatch.KEY_STAGE,
                batch.keys(maybeHeld, count));
        try (PreparedStatement s = warehouse.connection().prepareStatement(lookupSql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                batch.heldBySnapshot(r.getInt(1), r.getBoolean(2), r.getString(3));
            }
        }
    }

    /** After the batch last looked up committed. */
    public void committed(ResolvedBatch batch) {
        filters.committed(batch);
    }

    /**
     * A key the batch inserted as new was in the snapshot after all: a row inserted by hand, behind the filters' back,
     * if the batch trusted one. Then every filter is rebuilt before the batch is loaded again.
     *
     * @return whether loading the batch again can succeed
     */
    public boolean forgetAfterDuplicate() {
        filters.forget();
        return filtered;
    }
}
