package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Tells a batch which of its keys {@code sync_snapshot} holds, and which of those succeeded before: one bulk load of
 * the keys and one join, instead of resolving upserts and merging every row in SQL.
 */
public final class SnapshotLookup {
    private final Warehouse warehouse;
    private final String stage;
    private final String lookupSql;

    public SnapshotLookup(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stage = warehouse.dialect().stageTable(ResolvedBatch.KEY_STAGE.name());
        this.lookupSql = "SELECT k.key_index, s.first_succeeded_run_id IS NOT NULL, s.sync_run_id FROM " + stage + " k JOIN "
                + warehouse.table(Tables.SNAPSHOT) + " s ON s.sync_id = k.sync_id AND s.row_id = k.row_id";
    }

    /** Once per connection: the stage is a temporary table. */
    public void prepare() throws SQLException {
        warehouse.dialect().createStage(warehouse.connection(), ResolvedBatch.KEY_STAGE);
    }

    /** Inside the batch's transaction, which keeps the answer true until it commits. */
    public void lookUp(ResolvedBatch batch) throws SQLException {
        TreeSet<String> syncIds = new TreeSet<>();
        batch.rows().forEach(row -> syncIds.add(row.syncId()));
        warehouse.dialect().lockSnapshotKeys(warehouse.connection(), syncIds);
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
        }
        warehouse.dialect().bulkLoad(warehouse.connection(), null, ResolvedBatch.KEY_STAGE, batch.keys());
        try (PreparedStatement s = warehouse.connection().prepareStatement(lookupSql); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                batch.heldBySnapshot(r.getInt(1), r.getBoolean(2), r.getString(3));
            }
        }
    }
}
