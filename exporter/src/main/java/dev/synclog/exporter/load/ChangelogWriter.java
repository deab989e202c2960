package dev.synclog.exporter.load;

import java.sql.SQLException;
import java.sql.Statement;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Bulk-loads a batch into the stage through the dialect's fast path, resolves its {@code upsert} rows there, and moves
 * it into {@code sync_changelog} with one plain INSERT ... SELECT. A row's first success is {@code added}, everything
 * after it {@code changed}, judged by the snapshot plus the earlier rows of the batch.
 */
public final class ChangelogWriter {
    private final Warehouse warehouse;
    private final String stage;
    private final String resolveUpserts;
    private final String insertChangelog;

    public ChangelogWriter(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.stage = warehouse.dialect().stageTable(StagedBatch.STAGE.name());
        // Only upsert rows look the snapshot up, and once: the changelog and snapshot copies then read the stage alone.
        this.resolveUpserts = "UPDATE " + stage + " AS st SET op_type = CASE WHEN st.succeeded_before OR EXISTS ("
                + "SELECT 1 FROM " + warehouse.table(Tables.SNAPSHOT) + " snap WHERE snap.sync_id = st.sync_id"
                + " AND snap.row_id = st.row_id AND snap.first_succeeded_run_id IS NOT NULL) THEN 'changed' ELSE 'added' END"
                + " WHERE st.op_type = 'upsert'";
        String columns = Tables.CHANGELOG.columnList(warehouse.dialect());
        this.insertChangelog = "INSERT INTO " + warehouse.table(Tables.CHANGELOG) + " (" + columns + ") SELECT " + columns
                + " FROM " + stage;
    }

    /** Once per connection: the stage is a temporary table. */
    public void prepare() throws SQLException {
        warehouse.dialect().createStage(warehouse.connection(), StagedBatch.STAGE);
    }

    /** Leaves the batch in the stage, resolved, for {@link SnapshotMerger#merge}. */
    public void write(StagedBatch batch) throws SQLException {
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
            warehouse.dialect().bulkLoad(warehouse.connection(), StagedBatch.STAGE, batch);
            s.executeUpdate(resolveUpserts);
            s.executeUpdate(insertChangelog);
        }
    }
}
