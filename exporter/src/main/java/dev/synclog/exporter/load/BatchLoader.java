package dev.synclog.exporter.load;

import java.sql.Connection;
import java.sql.SQLException;

import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Loads one batch in one transaction: changelog rows, snapshot, runs and the read position commit together or
 * not at all. That is what makes delivery exactly-once across crashes.
 */
public final class BatchLoader {
    private final Warehouse warehouse;
    private final SnapshotLookup lookup;
    private final ChangelogWriter changelog;
    private final SnapshotMerger snapshot;
    private final RunRecorder runs;
    private final RunCloser closer;
    private final RunCounts counts;
    private final ReadPositions positions;

    /** @param maxFilterKeys most snapshot keys the lookup's key filters hold together; 0 looks every key up */
    public BatchLoader(Warehouse warehouse, long maxFilterKeys) throws SQLException {
        this.warehouse = warehouse;
        this.lookup = new SnapshotLookup(warehouse, maxFilterKeys);
        this.changelog = new ChangelogWriter(warehouse);
        this.snapshot = new SnapshotMerger(warehouse);
        this.closer = new RunCloser(warehouse);
        this.runs = new RunRecorder(warehouse, closer);
        this.counts = new RunCounts(warehouse);
        this.positions = new ReadPositions(warehouse);
        snapshot.prepare();
    }

    public ReadPositions positions() {
        return positions;
    }

    /**
     * Loads the batch again, once, when a key it inserted as new turned out to be in the snapshot after a key filter
     * said it could not be (a row inserted by hand): the filters are rebuilt from the snapshot first.
     *
     * @return what the committed transaction wrote to each table, and how long each part took
     */
    public LoadedRows load(ChangelogBatch batch) throws SQLException {
        try {
            return loadOnce(batch);
        } catch (SQLException e) {
            if (batch.rows().isEmpty() || !warehouse.dialect().isDuplicateKey(e) || !lookup.forgetAfterDuplicate()) {
                throw e;
            }
            return loadOnce(batch);
        }
    }

    private LoadedRows loadOnce(ChangelogBatch batch) throws SQLException {
        int[] snapshotRows = new int[1];
        ResolvedBatch[] resolved = new ResolvedBatch[1];
        PhaseTimes times = new PhaseTimes();
        inTransaction(() -> {
            if (!batch.rows().isEmpty()) {
                resolved[0] = new ResolvedBatch(batch.rows());
                times.lap(LoadPhase.RESOLVE);
                lookup.lookUp(resolved[0], times);
                times.lap(LoadPhase.LOOKUP);
                // The snapshot first: looking its keys up as it merges them resolves the changelog's upserts.
                snapshotRows[0] = snapshot.merge(resolved[0]);
                times.lap(LoadPhase.SNAPSHOT);
                changelog.write(resolved[0]);
                times.lap(LoadPhase.CHANGELOG);
            }
            long unattributedDrops = runs.apply(batch);
            if (resolved[0] != null) {
                counts.add(resolved[0]);
            }
            positions.advance(batch, unattributedDrops, System.currentTimeMillis() * 1000L);
            times.lap(LoadPhase.RUNS);
        });
        times.lap(LoadPhase.COMMIT);
        if (resolved[0] != null) {
            lookup.committed(resolved[0]);
        }
        return new LoadedRows(batch.rows().size(), snapshotRows[0], batch.lastEventMicrosByRun().size(), times);
    }

    /** @return how many runs were closed for silence */
    public int closeSilentRuns(String sourceId, long cutoffMicros, String timeout) throws SQLException {
        int[] closed = new int[1];
        inTransaction(() -> closed[0] = closer.closeSilent(sourceId, cutoffMicros, System.currentTimeMillis() * 1000L,
                timeout));
        return closed[0];
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        Connection c = warehouse.connection();
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
    }
}
