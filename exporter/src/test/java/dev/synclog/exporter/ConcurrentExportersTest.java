package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/**
 * Two exporters loading two queues into one PostgreSQL schema at once, both with rows of the same sync and the same
 * keys: each looks keys up and inserts those the snapshot lacks without a conflict check, so without the advisory lock
 * per sync id both would insert a key (a primary-key violation that stops one of them) or both would take its upsert
 * for the first success. Small batches make the two interleave many times.
 */
class ConcurrentExportersTest {
    private static final int KEYS = 3_000;

    @TempDir
    Path tmp;

    @Test
    void twoExportersOnOneSyncLoadEveryRowOnceAndResolveEachKeyOnce() throws Exception {
        String url = TestWarehouse.POSTGRES.freshUrl(tmp);
        String schema = TestWarehouse.POSTGRES.freshSchema();
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        ExecutorService exporters = Executors.newFixedThreadPool(2);
        try (TestQueue a = queue("a", "ra"); TestQueue b = queue("b", "rb")) {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Cli.Result>> results = List.of(a, b).stream().map(q -> exporters.submit(() -> {
                start.await();
                return Cli.run("run", "--once", "--queue", q.dir.toString(), "--warehouse", url, "--schema", schema,
                        "--batch-rows", "250");
            })).toList();
            for (Future<Cli.Result> result : results) {
                assertThat(result.get().exitCode()).as(result.get().err()).isZero();
            }
        } finally {
            exporters.shutdownNow();
        }
        String changelog = "\"" + schema + "\".sync_changelog";
        String snapshot = "\"" + schema + "\".sync_snapshot";
        assertThat(rows(url, "SELECT count(*), count(DISTINCT (source_id, queue_index)) FROM " + changelog))
                .containsExactly(List.of(2L * KEYS, 2L * KEYS));
        // Per key, one run's upsert is its first success (added) and the other's follows it (changed), whichever
        // exporter committed first.
        assertThat(rows(url, "SELECT op_type, count(*), count(DISTINCT row_id) FROM " + changelog
                + " GROUP BY op_type ORDER BY op_type")).containsExactly(
                List.of("added", (long) KEYS, (long) KEYS), List.of("changed", (long) KEYS, (long) KEYS));
        // The snapshot keeps the greatest run's row, and as the first success the run whose row was added.
        assertThat(rows(url, "SELECT count(*), min(s.sync_run_id), max(s.sync_run_id) FROM " + snapshot + " s JOIN "
                + changelog + " c ON c.row_id = s.row_id AND c.op_type = 'added'"
                + " AND c.sync_run_id = s.first_succeeded_run_id")).containsExactly(List.of((long) KEYS, "rb", "rb"));
        assertThat(rows(url, "SELECT sum(num_planned_add), sum(num_planned_change), sum(num_succeeded_add"
                + " + num_succeeded_change) FROM \"" + schema + "\".sync_runs"))
                .containsExactly(List.of((long) KEYS, (long) KEYS, 2L * KEYS));
    }

    /** A run of sync s sending every key as an upsert, each succeeding. */
    private TestQueue queue(String name, String run) throws Exception {
        TestQueue q = new TestQueue(tmp.resolve(name));
        q.agent(1, 0).runStarted("s", run, 1);
        for (int key = 0; key < KEYS; key++) {
            q.ok("s", run, Integer.toString(key), "upsert", "{\"key\":" + key + "}", 2);
        }
        q.runFinished("s", run, "succeeded", null, 3);
        return q;
    }
}
