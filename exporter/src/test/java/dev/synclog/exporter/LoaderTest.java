package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

class LoaderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void loadsRunsChangelogAndSnapshotResolvingUpsertsAttemptsAndDeadAgents(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(100, 0).runStarted("s1", "r1", 10)
                    .ok("s1", "r1", "1", "upsert", "{\"email\":\"a@x\",\"plan\":\"free\"}", 11)
                    .row("s1", "r1", "2", "upsert", "failed", "rate limited", "{\"email\":\"b@x\"}", 1, 12)
                    .row("s1", "r1", "2", "upsert", "succeeded", null, "{\"email\":\"b@x\"}", 2, 13)
                    .row("s1", "r1", "3", "added", "failed", "invalid email", "{\"email\":\"c\"}", 1, 14)
                    .row("s1", "r1", "4", "removed", "aborted", null, "{}", 1, 15)
                    .runFinished("s1", "r1", "succeeded", null, 20);
            // First exporter pass stops here; the rest arrives later and must continue exactly where it left.
            Cli.runOnce(q.dir.toString(), url, schema);
            q.runStarted("s1", "r2", 30)
                    .ok("s1", "r2", "1", "upsert", "{\"email\":\"a@x\",\"plan\":\"pro\"}", 31)
                    .row("s1", "r2", "3", "upsert", "failed", "invalid email", "{\"email\":\"c\"}", 1, 32)
                    .dropped("r2", 5)
                    .agent(200, 40)
                    .runStarted("s1", "r3", 50)
                    .ok("s1", "r3", "1", "removed", "{\"email\":\"a@x\",\"plan\":\"pro\"}", 51)
                    .runFinished("s1", "r3", "succeeded", null, 52);
            Cli.runOnce(q.dir.toString(), url, schema);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        String s = schema;
        assertThat(rows(url, "SELECT sync_run_id, row_id, op_type, status, failure_reason, attempt, queue_index > 0"
                + " FROM " + table(wh, url, s, "sync_changelog") + " ORDER BY queue_index")).containsExactly(
                Arrays.asList("r1", "1", "added", "succeeded", null, 1L, true),
                List.of("r1", "2", "added", "failed", "rate limited", 1L, true),
                Arrays.asList("r1", "2", "added", "succeeded", null, 2L, true),
                List.of("r1", "3", "added", "failed", "invalid email", 1L, true),
                Arrays.asList("r1", "4", "removed", "aborted", null, 1L, true),
                Arrays.asList("r2", "1", "changed", "succeeded", null, 1L, true),
                List.of("r2", "3", "added", "failed", "invalid email", 1L, true),
                Arrays.asList("r3", "1", "removed", "succeeded", null, 1L, true));
        // Times and JSON travel in the dialect's bulk format (PostgreSQL's binary COPY): read back as written.
        assertThat(rows(url, "SELECT min(event_time), max(event_time), count(DISTINCT fields) FROM "
                + table(wh, url, s, "sync_changelog"))).containsExactly(
                List.of("2024-01-01T00:00:11Z", "2024-01-01T00:00:51Z", 5L));
        assertThat(rows(url, "SELECT row_id, sync_run_id, op_type, status, first_succeeded_run_id FROM "
                + table(wh, url, s, "sync_snapshot") + " ORDER BY row_id")).containsExactly(
                List.of("1", "r3", "removed", "succeeded", "r1"),
                List.of("2", "r1", "added", "succeeded", "r1"),
                Arrays.asList("3", "r2", "added", "failed", null),
                Arrays.asList("4", "r1", "removed", "aborted", null));
        assertThat(rows(url, "SELECT sync_run_id, status, num_planned_add, num_planned_change, num_planned_remove,"
                + " num_attempted_add, num_attempted_change, num_attempted_remove, num_succeeded_add,"
                + " num_succeeded_change, num_succeeded_remove, num_failed_add, num_failed_change, num_failed_remove,"
                + " pid, events_dropped, started_at, finished_at, model_name, primary_key FROM "
                + table(wh, url, s, "sync_runs") + " ORDER BY sync_run_id")).containsExactly(
                List.of("r1", "succeeded", 3L, 0L, 1L, 3L, 0L, 0L, 2L, 0L, 0L, 1L, 0L, 0L, 100L, 0L,
                        "2024-01-01T00:00:10Z", "2024-01-01T00:00:20Z", "contacts", "id"),
                List.of("r2", "failed", 1L, 1L, 0L, 1L, 1L, 0L, 0L, 1L, 0L, 1L, 0L, 0L, 100L, 5L,
                        "2024-01-01T00:00:30Z", "2024-01-01T00:00:40Z", "contacts", "id"),
                List.of("r3", "succeeded", 0L, 0L, 1L, 0L, 0L, 1L, 0L, 0L, 1L, 0L, 0L, 0L, 200L, 0L,
                        "2024-01-01T00:00:50Z", "2024-01-01T00:00:52Z", "contacts", "id"));
        assertThat(rows(url, "SELECT error FROM " + table(wh, url, s, "sync_runs") + " WHERE sync_run_id = 'r2'")
                .get(0).get(0).toString())
                .startsWith("run abandoned: the agent process (pid 100 on host-a) stopped without finishing it");
        assertThat(rows(url, "SELECT rows_loaded, pid FROM " + table(wh, url, s, "sync_sources")))
                .containsExactly(List.of(8L, 200L));
    }

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void severalSourcesLoadIntoOneWarehouse(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (TestQueue a = new TestQueue(tmp.resolve("a")); TestQueue b = new TestQueue(tmp.resolve("b"))) {
            a.agent(1, 0).runStarted("sa", "ra1", 1).ok("sa", "ra1", "x", "added", "{}", 2).runFinished("sa", "ra1", "succeeded", null, 3);
            b.agent(2, 0).runStarted("sb", "rb1", 1).ok("sb", "rb1", "x", "added", "{}", 2).ok("sb", "rb1", "y", "added", "{}", 2)
                    .runFinished("sb", "rb1", "succeeded", null, 3);
            Cli.Result r = Cli.run("run", "--once", "--queue", a.dir.toString(), "--queue", b.dir.toString(),
                    "--warehouse", url, "--schema", schema);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(rows(url, "SELECT source_id, rows_loaded FROM " + table(wh, url, schema, "sync_sources")
                    + " ORDER BY rows_loaded")).containsExactly(List.of(a.sourceId, 1L), List.of(b.sourceId, 2L));
            assertThat(rows(url, "SELECT sync_id, count(*) FROM " + table(wh, url, schema, "sync_changelog")
                    + " GROUP BY sync_id ORDER BY sync_id")).containsExactly(List.of("sa", 1L), List.of("sb", 2L));
        }
    }

    /**
     * A run's counts are kept as its rows load. A row retried in a later batch of its run is counted again from the
     * changelog, whether its key's snapshot row is of the same run (r2's a) or of a later one (r1's b, after r2's b):
     * after every batch the counts are those of each row's final attempt, never of both attempts.
     */
    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void runCountsFollowRowsRetriedInLaterBatches(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        String counts = "SELECT sync_run_id, status, num_planned_add, num_attempted_add, num_succeeded_add,"
                + " num_failed_add FROM " + table(wh, url, schema, "sync_runs") + " ORDER BY sync_run_id";
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1)
                    .row("s", "r1", "b", "added", "failed", "rate limited", "{}", 1, 2)
                    .runStarted("s", "r2", 3)
                    .row("s", "r2", "a", "upsert", "failed", "rate limited", "{}", 1, 4)
                    .ok("s", "r2", "b", "added", "{}", 5);
            Cli.runOnce(q.dir.toString(), url, schema);
            // --once closes runs silent past --run-timeout (these rows are from 2024): a closed run's counts still
            // follow its late rows, and its late RunFinished sets its status.
            assertThat(rows(url, counts)).containsExactly(
                    List.of("r1", "failed", 1L, 1L, 0L, 1L),
                    List.of("r2", "failed", 2L, 2L, 1L, 1L));

            q.row("s", "r2", "a", "upsert", "succeeded", null, "{}", 2, 6)
                    .ok("s", "r2", "c", "added", "{}", 7)
                    .runFinished("s", "r2", "succeeded", null, 8)
                    .row("s", "r1", "b", "added", "succeeded", null, "{}", 2, 9)
                    .runFinished("s", "r1", "succeeded", null, 10);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        assertThat(rows(url, counts)).containsExactly(
                List.of("r1", "succeeded", 1L, 1L, 1L, 0L),
                List.of("r2", "succeeded", 3L, 3L, 3L, 0L));
    }

    /**
     * In a run longer than the agent's attempt window a row that comes back late starts again at attempt 1: a row's
     * final attempt is its newest, whatever its number, whether its attempts load in one batch (a) or in two (b), in
     * {@code sync_final_attempts} and in the run's counts. Attempts of the same time go by attempt, not by queue order
     * (c across batches, e within one).
     */
    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void aRowsNewestAttemptIsFinalThoughAnOlderOneHasAGreaterNumber(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        String counts = "SELECT num_planned_add, num_attempted_add, num_succeeded_add, num_failed_add FROM "
                + table(wh, url, schema, "sync_runs");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1)
                    .row("s", "r1", "a", "added", "failed", "rate limited", "{}", 1, 10)
                    .row("s", "r1", "a", "added", "failed", "rate limited", "{}", 2, 11)
                    .row("s", "r1", "b", "added", "failed", "rate limited", "{}", 1, 12)
                    .row("s", "r1", "b", "added", "failed", "rate limited", "{}", 2, 13)
                    .row("s", "r1", "c", "added", "succeeded", null, "{}", 2, 14)
                    .row("s", "r1", "e", "added", "succeeded", null, "{}", 2, 15)
                    .row("s", "r1", "e", "added", "failed", "rate limited", "{}", 1, 15)
                    .row("s", "r1", "a", "added", "succeeded", null, "{}", 1, 100);
            Cli.runOnce(q.dir.toString(), url, schema, "--run-timeout", "100000d");
            assertThat(rows(url, counts)).containsExactly(List.of(4L, 4L, 3L, 1L));

            q.row("s", "r1", "b", "added", "succeeded", null, "{}", 1, 200)
                    .row("s", "r1", "c", "added", "failed", "rate limited", "{}", 1, 14);
            Cli.runOnce(q.dir.toString(), url, schema, "--run-timeout", "100000d");
        }
        assertThat(rows(url, counts)).containsExactly(List.of(4L, 4L, 4L, 0L));
        assertThat(rows(url, "SELECT row_id, attempt, status, event_time FROM "
                + table(wh, url, schema, "sync_final_attempts") + " ORDER BY row_id")).containsExactly(
                List.of("a", 1L, "succeeded", "2024-01-01T00:01:40Z"),
                List.of("b", 1L, "succeeded", "2024-01-01T00:03:20Z"),
                List.of("c", 2L, "succeeded", "2024-01-01T00:00:14Z"),
                List.of("e", 2L, "succeeded", "2024-01-01T00:00:15Z"));
    }

    static String table(TestWarehouse wh, String url, String schema, String table) {
        return wh.table(url, schema, table);
    }
}
