package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/**
 * A run sending again keys the snapshot holds: the snapshot looks them up as it updates them, and that answer resolves
 * the changelog's upserts and the snapshot's own op_type, probing each key once; an older run arriving late changes no
 * snapshot row. Rows are wide, as real model rows often are: unchanged fields are not written again.
 */
class SnapshotResendTest {
    /** Keys of the first run: even ones succeed, odd ones fail. */
    private static final int KEYS = 1000;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void resentKeysAreChangedAfterASuccessAddedOtherwiseAndALateOlderRunLeavesTheSnapshot(TestWarehouse wh)
            throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        String snapshot = wh.table(url, schema, "sync_snapshot");
        String changelog = wh.table(url, schema, "sync_changelog");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1);
            for (int k = 0; k < KEYS; k++) {
                q.row("s", "r1", "k" + k, "upsert", k % 2 == 0 ? "succeeded" : "failed", null, fields(k), 1, 2);
            }
            q.runFinished("s", "r1", "succeeded", null, 3);
            Cli.runOnce(q.dir.toString(), url, schema);
            ScanCounts before = ScanCounts.of(wh, url, schema, "n_tup_ins", KEYS);
            long outOfLine = outOfLineBytes(wh, url, schema);

            q.runStarted("s", "r2", 10);
            for (int k = 0; k < KEYS; k++) {
                q.ok("s", "r2", "k" + k, "upsert", fields(k), 11);
            }
            // Twice in the batch: its latest row follows a success of its own run.
            q.ok("s", "r2", "k1", "upsert", fields(1), 12);
            q.runFinished("s", "r2", "succeeded", null, 13);
            Cli.runOnce(q.dir.toString(), url, schema);
            ScanCounts after = ScanCounts.of(wh, url, schema, "n_tup_upd", KEYS);
            // Probing the primary key key by key, not reading (hashing) the whole snapshot as the planner would.
            assertThat(after.seqTupRead - before.seqTupRead).as("snapshot rows read by scanning").isLessThan(KEYS);
            // Once per key: the update goes to the rows the lookup found by their place (PostgreSQL's ctid).
            assertThat(after.idxScan - before.idxScan).as("probes of the snapshot's primary key").isLessThan(2 * KEYS);
            // The same fields sent again keep their TOAST values: none written out again.
            assertThat(outOfLineBytes(wh, url, schema)).as("sync_snapshot's TOAST bytes").isEqualTo(outOfLine);

            q.runStarted("s", "r0", 20).ok("s", "r0", "k0", "upsert", fields(0), 21).runFinished("s", "r0",
                    "succeeded", null, 22);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        assertThat(rows(url, "SELECT op_type, count(*) FROM " + changelog + " WHERE sync_run_id = 'r2'"
                + " GROUP BY op_type ORDER BY op_type")).containsExactly(List.of("added", 500L), List.of("changed", 501L));
        assertThat(rows(url, "SELECT sync_run_id, op_type, first_succeeded_run_id, count(*) FROM " + snapshot
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")).containsExactly(
                List.of("r2", "added", "r2", 499L),
                List.of("r2", "changed", "r1", 500L),
                List.of("r2", "changed", "r2", 1L));
        // k1's snapshot row is its latest attempt of r2.
        assertThat(rows(url, "SELECT s.queue_index = (SELECT max(queue_index) FROM " + changelog
                + " WHERE row_id = 'k1') FROM " + snapshot + " AS s WHERE s.row_id = 'k1'")).containsExactly(List.of(true));
        assertThat(rows(url, "SELECT op_type FROM " + changelog + " WHERE sync_run_id = 'r0'"))
                .containsExactly(List.of("changed"));
    }

    /** A model row too large to keep in line (PostgreSQL stores it in the table's TOAST relation), of key {@code k}. */
    private static String fields(int k) {
        Random random = new Random(k);
        StringBuilder pad = new StringBuilder();
        while (pad.length() < 3000) {
            pad.append(Long.toHexString(random.nextLong()));
        }
        return "{\"id\":\"k" + k + "\",\"notes\":\"" + pad + "\"}";
    }

    private static long outOfLineBytes(TestWarehouse wh, String url, String schema) throws Exception {
        if (wh != TestWarehouse.POSTGRES) {
            return 0;
        }
        return (Long) rows(url, "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE oid = '"
                + wh.table(url, schema, "sync_snapshot") + "'::regclass").get(0).get(0);
    }

    /** PostgreSQL's counts of the snapshot's scans and index scans, once its statistics show a load's rows. */
    private record ScanCounts(long seqTupRead, long idxScan) {
        static ScanCounts of(TestWarehouse wh, String url, String schema, String rowsCounter, long atLeast)
                throws Exception {
            if (wh != TestWarehouse.POSTGRES) {
                return new ScanCounts(0, 0);
            }
            // A backend reports its counts as it closes; the statistics collector takes them in a little later.
            String sql = "SELECT " + rowsCounter + ", seq_tup_read, idx_scan FROM pg_stat_user_tables WHERE schemaname = '"
                    + schema + "' AND relname = 'sync_snapshot'";
            for (int attempt = 0; attempt < 100; attempt++) {
                List<Object> counts = rows(url, sql).get(0);
                if ((Long) counts.get(0) >= atLeast) {
                    return new ScanCounts((Long) counts.get(1), (Long) counts.get(2));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("pg_stat_user_tables never showed " + atLeast + " " + rowsCounter + " of "
                    + schema + ".sync_snapshot: " + rows(url, sql));
        }
    }
}
