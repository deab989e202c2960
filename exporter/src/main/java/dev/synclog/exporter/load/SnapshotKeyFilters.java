package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Per sync, a {@link KeyFilter} of the row ids its snapshot holds, so that a batch looks up only keys the snapshot may
 * hold: a "maybe" is always looked up, so only a false "certainly not" could do harm. A filter is trusted only while
 * this connection is the only writer of the sync's snapshot rows since it was built. A sync new to the snapshot starts
 * with an empty filter; for one whose keys the snapshot holds, they are read from it at the batch after one whose keys
 * were mostly new (for keys sent again a filter saves nothing).
 * <ul>
 * <li>Every batch bumps its syncs' counters in {@code synclog_snapshot_versions}, in its transaction and under the
 * sync's snapshot lock. A counter that is not where this connection's last commit left it means another exporter
 * wrote: the filter is dropped, and rebuilt only at a batch that finds the counter unmoved again (not while two
 * exporters keep alternating).</li>
 * <li>A batch's keys join the filter only once it commits: a batch rolled back leaves the filter and the counter as
 * they were. A commit whose outcome is unknown shows as a moved counter.</li>
 * <li>Rows deleted by hand leave keys in the filter: "maybe", looked up, not found. Rows inserted by hand (they bump
 * no counter) could be "certainly not": such a key is then inserted again, which the snapshot's primary key refuses
 * on PostgreSQL, and {@link BatchLoader} loads the batch again after {@link #forget()}, every key looked up. DuckDB
 * admits no other process while the exporter has the file open.</li>
 * </ul>
 * Filters hold at most {@code maxKeys} keys together (at most about 4 bytes each); a sync whose keys would not fit
 * goes without one, every key looked up, until the connection closes.
 */
final class SnapshotKeyFilters {
    /** What this connection knows of one sync's snapshot. */
    private static final class SyncState {
        /** Null when not trusted. */
        KeyFilter filter;
        /** The counter as this connection last saw or left it. */
        long version;
        /** Over the budget: never built again. */
        boolean off;
        /** Build at the next batch that finds the counter unmoved. */
        boolean buildWanted;
    }

    private final Warehouse warehouse;
    private final long maxKeys;
    private final String bumpSql;
    private final String keysSql;
    private final String anyKeySql;
    private final Map<String, SyncState> syncs = new HashMap<>();
    /** Per sync of the batch in progress: the counter it leaves when it commits. */
    private final Map<String, Long> pending = new HashMap<>();
    private long keys;

    SnapshotKeyFilters(Warehouse warehouse, long maxKeys) {
        this.warehouse = warehouse;
        this.maxKeys = maxKeys;
        // The target's alias: PostgreSQL takes an unqualified column in SET's expression as ambiguous.
        this.bumpSql = "INSERT INTO " + warehouse.table(Tables.SNAPSHOT_VERSIONS) + " AS v (sync_id, version)"
                + " VALUES (?, 1) ON CONFLICT (sync_id) DO UPDATE SET version = v.version + 1 RETURNING version";
        this.keysSql = "SELECT row_id FROM " + warehouse.table(Tables.SNAPSHOT) + " WHERE sync_id = ?";
        this.anyKeySql = keysSql + " LIMIT 1";
    }

    /**
     * Inside the batch's transaction, after the snapshot lock of each of {@code syncIds}: bumps their counters and
     * returns the filters that can be trusted for this batch, built where needed.
     */
    Map<String, KeyFilter> open(Collection<String> syncIds, PhaseTimes times) throws SQLException {
        pending.clear();
        Map<String, KeyFilter> trusted = new HashMap<>();
        try (PreparedStatement bump = warehouse.connection().prepareStatement(bumpSql)) {
            for (String syncId : syncIds) {
                bump.setString(1, syncId);
                long before;
                try (ResultSet r = bump.executeQuery()) {
                    r.next();
                    before = r.getLong(1) - 1;
                }
                pending.put(syncId, before + 1);
                SyncState state = syncs.get(syncId);
                if (state == null) {
                    state = new SyncState();
                    state.version = before;
                    syncs.put(syncId, state);
                    // A sync new to the snapshot starts with an empty filter; one whose keys it holds waits for a
                    // batch of mostly new keys.
                    if (maxKeys > 0 && !holdsKeys(syncId)) {
                        state.filter = new KeyFilter();
                        trusted.put(syncId, state.filter);
                    }
                } else if (state.version != before) {
                    drop(state);
                    state.version = before;
                } else if (state.filter != null) {
                    trusted.put(syncId, state.filter);
                } else if (state.buildWanted && !state.off) {
                    times.lap(LoadPhase.LOOKUP);
                    state.filter = build(syncId);
                    times.lap(LoadPhase.KEY_FILTER);
                    if (state.filter == null) {
                        state.off = true;
                    } else {
                        keys += state.filter.size();
                        trusted.put(syncId, state.filter);
                    }
                }
            }
        }
        return trusted;
    }

    /**
     * After the batch opened last committed: its keys join its syncs' filters. A sync without one gets one built at its
     * next batch if most keys this batch looked up were new to the snapshot: for keys sent again, every one of them
     * "maybe held", a filter would save nothing.
     */
    void committed(ResolvedBatch batch) {
        Map<String, int[]> newAndHeld = new HashMap<>();
        for (int key = 0; key < batch.keyCount(); key++) {
            SyncState state = syncs.get(batch.keySyncId(key));
            if (state.filter == null) {
                newAndHeld.computeIfAbsent(batch.keySyncId(key), s -> new int[2])[batch.heldBySnapshot(key) ? 1 : 0]++;
            } else if (state.filter.add(batch.keyRowId(key)) && ++keys > maxKeys) {
                drop(state);
                state.off = true;
            }
        }
        newAndHeld.forEach((syncId, counts) -> syncs.get(syncId).buildWanted = counts[0] > counts[1]);
        pending.forEach((syncId, version) -> syncs.get(syncId).version = version);
        pending.clear();
    }

    /** Everything known is dropped: the next batch rebuilds each filter from the snapshot. */
    void forget() {
        syncs.clear();
        pending.clear();
        keys = 0;
    }

    private boolean holdsKeys(String syncId) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement(anyKeySql)) {
            s.setString(1, syncId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** @return the sync's keys as the snapshot holds them now, or null when they would not fit in the budget */
    private KeyFilter build(String syncId) throws SQLException {
        if (maxKeys == 0) {
            return null;
        }
        KeyFilter filter = new KeyFilter();
        try (PreparedStatement s = warehouse.connection().prepareStatement(keysSql)) {
            s.setFetchSize(10_000);
            s.setString(1, syncId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    filter.add(r.getString(1));
                    if (keys + filter.size() > maxKeys) {
                        return null;
                    }
                }
            }
        }
        return filter;
    }

    private void drop(SyncState state) {
        if (state.filter != null) {
            keys -= state.filter.size();
            state.filter = null;
        }
    }
}
