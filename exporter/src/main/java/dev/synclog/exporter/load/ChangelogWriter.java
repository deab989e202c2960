package dev.synclog.exporter.load;

import java.sql.SQLException;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/** Appends a batch to {@code sync_changelog} by the dialect's bulk path: the rows are resolved in Java already. */
public final class ChangelogWriter {
    private final Warehouse warehouse;

    public ChangelogWriter(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** After {@link SnapshotMerger#merge}, which resolves the batch's upserts. */
    public void write(ResolvedBatch batch) throws SQLException {
        warehouse.dialect().bulkLoad(warehouse.connection(), warehouse.schema(), Tables.CHANGELOG, batch.changelog());
    }
}
