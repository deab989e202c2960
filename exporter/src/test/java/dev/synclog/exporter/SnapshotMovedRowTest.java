package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/**
 * PostgreSQL updates the snapshot's re-sent rows at the place its lookup found them (their {@code ctid}), in the same
 * statement. A writer that skips the exporter's lock (an edit by hand) can move a row in between: here it changes the
 * row, or deletes it and inserts it again, while the exporter's statement waits for the row's lock. The re-sent row
 * must still land on it, once, and the changelog and run counts stay exact.
 */
class SnapshotMovedRowTest {
    private static final int KEYS = 200;
    private static final String MOVED = "k7";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE %s SET failure_reason = 'edited by hand' WHERE row_id = 'k7'",
            "WITH gone AS (DELETE FROM %1$s WHERE row_id = 'k7' RETURNING *) INSERT INTO %1$s SELECT * FROM gone"})
    void aRowMovedBetweenTheLookupAndTheUpdateStillTakesTheResentRowOnce(String move) throws Exception {
        TestWarehouse wh = TestWarehouse.POSTGRES;
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        String snapshot = wh.table(url, schema, "sync_snapshot");
        String changelog = wh.table(url, schema, "sync_changelog");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1);
            for (int k = 0; k < KEYS; k++) {
                q.ok("s", "r1", "k" + k, "upsert", "{\"v\":1}", 2);
            }
            q.runFinished("s", "r1", "succeeded", null, 3);
            Cli.runOnce(q.dir.toString(), url, schema);
            String ctidBefore = ctidOf(url, snapshot);

            q.runStarted("s", "r2", 10);
            for (int k = 0; k < KEYS; k++) {
                q.ok("s", "r2", "k" + k, "upsert", "{\"v\":2}", 11);
            }
            q.runFinished("s", "r2", "succeeded", null, 12);

            try (Connection writer = DriverManager.getConnection(url); Statement w = writer.createStatement()) {
                writer.setAutoCommit(false);
                w.execute(String.format(move, snapshot));
                CompletableFuture<Void> exporter = CompletableFuture.runAsync(
                        () -> Cli.runOnce(q.dir.toString(), url, schema));
                awaitExporterWaitingForTheWriter(url, schema, exporter);
                writer.commit();
                exporter.join();
            }
            assertThat(ctidOf(url, snapshot)).as("the moved row's place").isNotEqualTo(ctidBefore);
        }
        assertThat(rows(url, "SELECT sync_run_id, op_type, fields::text, failure_reason, count(*) FROM " + snapshot
                + " GROUP BY 1, 2, 3, 4")).containsExactly(Arrays.asList("r2", "changed", "{\"v\": 2}", null, (long) KEYS));
        assertThat(rows(url, "SELECT s.queue_index = c.queue_index FROM " + snapshot + " AS s JOIN " + changelog
                + " AS c ON c.row_id = s.row_id AND c.sync_run_id = 'r2' WHERE s.row_id = '" + MOVED + "'"))
                .containsExactly(List.of(true));
        assertThat(rows(url, "SELECT sync_run_id, op_type, count(*) FROM " + changelog + " GROUP BY 1, 2 ORDER BY 1, 2"))
                .containsExactly(List.of("r1", "added", (long) KEYS), List.of("r2", "changed", (long) KEYS));
        assertThat(rows(url, "SELECT sync_run_id, num_succeeded_add, num_succeeded_change FROM "
                + wh.table(url, schema, "sync_runs") + " ORDER BY 1")).containsExactly(
                List.of("r1", (long) KEYS, 0L), List.of("r2", 0L, (long) KEYS));
    }

    private static String ctidOf(String url, String snapshot) throws Exception {
        return rows(url, "SELECT ctid::text FROM " + snapshot + " WHERE row_id = '" + MOVED + "'").get(0).get(0)
                .toString();
    }

    /**
     * Until the exporter's statement on this schema waits for a lock: the writer's, on the moved row, as the exporter
     * takes no lock of the writer's otherwise.
     */
    private static void awaitExporterWaitingForTheWriter(String url, String schema, CompletableFuture<Void> exporter)
            throws Exception {
        String waiting = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'synclog-exporter'"
                + " AND wait_event_type = 'Lock' AND query LIKE '%" + schema + "%sync_snapshot%'";
        while ((Long) rows(url, waiting).get(0).get(0) == 0) {
            if (exporter.isDone()) {
                exporter.join();
                throw new AssertionError("the exporter finished without waiting for the writer's row lock");
            }
            Thread.sleep(20);
        }
    }
}
