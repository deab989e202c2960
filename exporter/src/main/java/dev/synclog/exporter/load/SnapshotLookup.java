package dev.synclog.exporter.load;

import java.sql.SQLException;
import java.util.Map;
import java.util.TreeSet;

import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Takes the snapshot's keys of a batch's syncs for the transaction and tells the batch which of its keys
 * {@code sync_snapshot} may hold: {@link SnapshotMerger} looks those up as it merges them. Keys that the sync's
 * {@link SnapshotKeyFilters key filter} says the snapshot cannot hold are not looked up at all.
 */
public final class SnapshotLookup {
    private final Warehouse warehouse;
    private final SnapshotKeyFilters filters;
    /** Whether the batch in progress trusted a filter. */
    private boolean filtered;

    /** @param maxFilterKeys most keys the filters hold together; 0 looks every key up */
    public SnapshotLookup(Warehouse warehouse, long maxFilterKeys) {
        this.warehouse = warehouse;
        this.filters = new SnapshotKeyFilters(warehouse, maxFilterKeys);
    }

    /**
     * Inside the batch's transaction, which keeps the answer true until it commits: tells the batch which keys the
     * snapshot may hold, for {@link SnapshotMerger} to look up.
     */
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
        batch.mayBeHeld(maybeHeld, count);
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
