package dev.synclog.exporter.load;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;
import dev.synclog.exporter.warehouse.SchemaMigrator;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * The lookup's key filters when something else writes the snapshot between two batches of one loader: another
 * exporter (a second connection, loading another queue), a row inserted or deleted by hand, a batch rolled back. Each
 * writes a key that the first loader's filter, trusted blindly, would call new: the changelog would then say
 * {@code added} where the key had succeeded before, and the snapshot would hold the key twice (DuckDB) or refuse the
 * batch (PostgreSQL's primary key).
 */
class SnapshotKeyFiltersTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void keysAnotherExporterAddedBetweenTwoBatchesAreLookedUp(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (Loader a = new Loader(url, schema, "a"); Loader b = new Loader(url, schema, "b")) {
            a.load("r1", keys(0, 100));
            b.load("r2", keys(100, 200));
            a.load("r3", keys(100, 200));
            // And back: b's filter was built before a wrote keys 200..299.
            a.load("r4", keys(200, 300));
            b.load("r5", keys(200, 300));
        }
        assertThat(opsByRun(url, schema)).containsExactly(List.of("r1", "added", 100L), List.of("r2", "added", 100L),
                List.of("r3", "changed", 100L), List.of("r4", "added", 100L), List.of("r5", "changed", 100L));
        assertThat(rows(url, "SELECT count(*), count(DISTINCT row_id), min(first_succeeded_run_id),"
                + " max(first_succeeded_run_id) FROM " + table(wh, url, schema, "sync_snapshot")))
                .containsExactly(List.of(300L, 300L, "r1", "r4"));
    }

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void aRestartedLoaderReadsTheSnapshotsKeysIntoItsFilterAfterABatchOfNewKeys(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (Loader a = new Loader(url, schema, "a")) {
            a.load("r1", keys(0, 100));
        }
        try (Loader restarted = new Loader(url, schema, "a")) {
            // Every key looked up: the snapshot holds keys of the sync, and none of them is known here.
            restarted.load("r2", keys(100, 200));
            // Mostly new keys: the filter is read from the snapshot, and must hold keys 0..99 as well.
            restarted.load("r3", keys(0, 200));
        }
        assertThat(opsByRun(url, schema)).containsExactly(List.of("r1", "added", 100L), List.of("r2", "added", 100L),
                List.of("r3", "changed", 200L));
        assertThat(rows(url, "SELECT count(*), count(DISTINCT row_id) FROM " + table(wh, url, schema, "sync_snapshot")))
                .containsExactly(List.of(200L, 200L));
    }

    @Test
    void rowsInsertedAndDeletedByHandBetweenTwoBatchesKeepTheirMeaning() throws Exception {
        TestWarehouse wh = TestWarehouse.POSTGRES;
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        String snapshot = table(wh, url, schema, "sync_snapshot");
        try (Loader a = new Loader(url, schema, "a")) {
            a.load("r1", keys(0, 100));
            try (Connection byHand = DriverManager.getConnection(url); Statement s = byHand.createStatement()) {
                // A key the filter has never seen, succeeded in a run r0; and key 0 forgotten.
                s.execute("CREATE TEMP TABLE by_hand AS SELECT * FROM " + snapshot + " WHERE row_id = '1'");
                s.execute("UPDATE by_hand SET row_id = '500', sync_run_id = 'r0', first_succeeded_run_id = 'r0'");
                s.execute("INSERT INTO " + snapshot + " SELECT * FROM by_hand");
                s.execute("DELETE FROM " + snapshot + " WHERE row_id = '0'");
            }
            a.load("r2", List.of("0", "500", "600"));
            // The filter read again from the snapshot after the refused key holds the hand-made one: no second refusal.
            a.load("r3", List.of("500", "700"));
        }
        assertThat(rows(url, "SELECT sync_run_id, row_id, op_type FROM " + table(wh, url, schema, "sync_changelog")
                + " WHERE sync_run_id > 'r1' ORDER BY sync_run_id, row_id")).containsExactly(
                List.of("r2", "0", "added"), List.of("r2", "500", "changed"), List.of("r2", "600", "added"),
                List.of("r3", "500", "changed"), List.of("r3", "700", "added"));
        assertThat(rows(url, "SELECT row_id, sync_run_id, first_succeeded_run_id FROM " + snapshot
                + " WHERE row_id IN ('0', '500') ORDER BY row_id"))
                .containsExactly(List.of("0", "r2", "r2"), List.of("500", "r3", "r0"));
    }

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void aBatchRolledBackLeavesTheFilterAsItWas(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (Loader a = new Loader(url, schema, "a"); Loader b = new Loader(url, schema, "b")) {
            a.load("r1", keys(0, 100));
            ChangelogBatch batch = a.batch("r2", keys(100, 200));
            // Refused at its last step, the read position, after its keys went into the snapshot.
            ChangelogBatch misplaced = new ChangelogBatch(batch.sourceId(), batch.previousIndex() + 1,
                    batch.lastIndex(), batch.events(), batch.rows(), batch.runChanges(), batch.lastEventMicrosByRun(),
                    batch.agentAfter());
            assertThatThrownBy(() -> a.loader.load(misplaced))
                    .isInstanceOf(ReadPositions.ConcurrentExporterException.class);
            b.load("r3", keys(100, 200));
            a.loader.load(batch);
        }
        assertThat(opsByRun(url, schema)).containsExactly(List.of("r1", "added", 100L), List.of("r2", "changed", 100L),
                List.of("r3", "added", 100L));
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).toList();
    }

    private static List<List<Object>> opsByRun(String url, String schema) throws SQLException {
        TestWarehouse wh = url.startsWith("jdbc:duckdb:") ? TestWarehouse.DUCKDB : TestWarehouse.POSTGRES;
        return rows(url, "SELECT sync_run_id, op_type, count(*) FROM " + table(wh, url, schema, "sync_changelog")
                + " GROUP BY sync_run_id, op_type ORDER BY sync_run_id, op_type");
    }

    private static String table(TestWarehouse wh, String url, String schema, String table) {
        return wh.table(url, schema, table);
    }

    /** One exporter's loader on its own connection, reading its own queue (source): batches of one run each. */
    private static final class Loader implements AutoCloseable {
        private final Warehouse warehouse;
        final BatchLoader loader;
        private final BatchAssembler assembler;
        private long index;
        private long seconds;

        Loader(String url, String schema, String sourceId) throws SQLException {
            this.warehouse = Warehouse.connect(url, schema);
            new SchemaMigrator(warehouse).migrate();
            this.loader = new BatchLoader(warehouse, 1_000_000);
            ReadPositions.Position position = loader.positions().load(sourceId);
            this.assembler = new BatchAssembler(sourceId, position.lastIndex(), AgentInfo.UNKNOWN);
            this.index = Math.max(0, position.lastIndex());
        }

        /** Run {@code run} of sync s: every key an upsert that succeeds. */
        ChangelogBatch batch(String run, List<String> keys) {
            assembler.runStarted(new RunStarted().syncId("s").runId(run).modelName("contacts").primaryKey("id")
                    .destination("crm").traceId("t").eventTimeMicros(TestQueue.t(++seconds)), ++index);
            for (String key : keys) {
                assembler.rowResult(new RowResult().syncId("s").runId(run).rowId(key).opType("upsert")
                        .status("succeeded").fields("{}").destination("crm").object("contact").httpStatus(200)
                        .attempt(1).traceId("t").eventTimeMicros(TestQueue.t(seconds)), ++index);
            }
            assembler.runFinished(new RunFinished().syncId("s").runId(run).status("succeeded")
                    .eventTimeMicros(TestQueue.t(++seconds)), ++index);
            return assembler.take();
        }

        void load(String run, List<String> keys) throws SQLException {
            loader.load(batch(run, keys));
        }

        @Override
        public void close() throws SQLException {
            warehouse.close();
        }
    }
}
