package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/** The six views on hand-made history, with every expected row written out. */
class ViewsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void viewsAnswerTheQuestionsExactly(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0)
                    .runStarted("s1", "r1", 100)
                    .ok("s1", "r1", "u1", "added", "{\"email\":\"a@x\",\"plan\":\"free\",\"age\":null}", 110)
                    .row("s1", "r1", "u2", "added", "failed", "invalid email", "{\"email\":\"b\"}", 1, 111)
                    .row("s1", "r1", "u2", "added", "failed", "invalid email", "{\"email\":\"b\"}", 2, 112)
                    .ok("s1", "r1", "u3", "added", "{\"email\":\"c@x\",\"plan\":\"free\"}", 113)
                    .row("s1", "r1", "u4", "added", "failed", "rate limited", "{\"email\":\"d@x\"}", 1, 114)
                    .row("s1", "r1", "u4", "added", "succeeded", null, "{\"email\":\"d@x\"}", 2, 115)
                    .runFinished("s1", "r1", "succeeded", null, 160)
                    .runStarted("s1", "r2", 200)
                    .ok("s1", "r2", "u1", "changed", "{\"email\":\"a@x\",\"plan\":\"pro\",\"age\":30}", 210)
                    .ok("s1", "r2", "u3", "removed", "{\"email\":\"c@x\",\"plan\":\"free\"}", 211)
                    .row("s1", "r2", "u2", "added", "failed", "invalid email", "{\"email\":\"b\"}", 1, 212)
                    .runFinished("s1", "r2", "succeeded", null, 230)
                    .runStarted("s1", "r3", 300)
                    .row("s1", "r3", "u1", "changed", "failed", "rate limited", "{\"email\":\"z@x\"}", 1, 310)
                    .ok("s1", "r3", "u3", "upsert", "{\"email\":\"c@x\",\"plan\":\"pro\"}", 311)
                    .runFinished("s1", "r3", "failed", "boom", 390)
                    .runStarted("s2", "r9", 500)
                    .row("s2", "r9", "v1", "added", "failed", "invalid email", "{}", 1, 510)
                    .row("s2", "r9", "v2", "added", "failed", "invalid email", "{}", 1, 511)
                    .row("s2", "r9", "v3", "added", "failed", "quota", "{}", 1, 512);
            // The history is from 2024: keep its open run open.
            Cli.runOnce(q.dir.toString(), url, schema, "--run-timeout", "100000d");
        }

        assertThat(query(wh, url, schema, "SELECT sync_id, failure_reason, failed_rows, distinct_rows, runs,"
                + " last_failed_at, error_rank FROM sync_errors_by_sync ORDER BY sync_id, error_rank")).containsExactly(
                List.of("s1", "invalid email", 2L, 1L, 2L, ts(212), 1L),
                List.of("s1", "rate limited", 1L, 1L, 1L, ts(310), 2L),
                List.of("s2", "invalid email", 2L, 2L, 1L, ts(511), 1L),
                List.of("s2", "quota", 1L, 1L, 1L, ts(512), 2L));

        assertThat(query(wh, url, schema, "SELECT sync_id, row_id, field, previous_run_id, sync_run_id, value_before,"
                + " value_after, changed_at FROM sync_row_changes ORDER BY row_id, sync_run_id, field")).containsExactly(
                Arrays.asList("s1", "u1", "age", "r1", "r2", null, "30", ts(210)),
                List.of("s1", "u1", "plan", "r1", "r2", "free", "pro", ts(210)),
                List.of("s1", "u3", "plan", "r1", "r3", "free", "pro", ts(311)));

        assertThat(query(wh, url, schema, "SELECT sync_id, row_id, event, sync_run_id, run_started_at, event_time"
                + " FROM sync_audience_events ORDER BY row_id, event_time")).containsExactly(
                List.of("s1", "u1", "added", "r1", ts(100), ts(110)),
                List.of("s1", "u3", "added", "r1", ts(100), ts(113)),
                List.of("s1", "u3", "removed", "r2", ts(200), ts(211)),
                List.of("s1", "u3", "added", "r3", ts(300), ts(311)),
                List.of("s1", "u4", "added", "r1", ts(100), ts(115)));

        assertThat(query(wh, url, schema, "SELECT sync_id, row_id, first_added_run_id, first_added_at"
                + " FROM sync_first_added ORDER BY row_id")).containsExactly(
                List.of("s1", "u1", "r1", ts(110)),
                List.of("s1", "u3", "r1", ts(113)),
                List.of("s1", "u4", "r1", ts(115)));

        assertThat(query(wh, url, schema, "SELECT sync_id, row_id, succeeded_ops, failed_ops, aborted_ops,"
                + " latest_run_id, latest_op_type, latest_status, latest_failure_reason, latest_attempt"
                + " FROM sync_ops_by_row ORDER BY sync_id, row_id")).containsExactly(
                List.of("s1", "u1", 2L, 1L, 0L, "r3", "changed", "failed", "rate limited", 1L),
                List.of("s1", "u2", 0L, 2L, 0L, "r2", "added", "failed", "invalid email", 1L),
                Arrays.asList("s1", "u3", 3L, 0L, 0L, "r3", "changed", "succeeded", null, 1L),
                Arrays.asList("s1", "u4", 1L, 0L, 0L, "r1", "added", "succeeded", null, 2L),
                List.of("s2", "v1", 0L, 1L, 0L, "r9", "added", "failed", "invalid email", 1L),
                List.of("s2", "v2", 0L, 1L, 0L, "r9", "added", "failed", "invalid email", 1L),
                List.of("s2", "v3", 0L, 1L, 0L, "r9", "added", "failed", "quota", 1L));

        // Run counts are kept as rows load: the running r9's three failed rows count already.
        assertThat(query(wh, url, schema, "SELECT sync_id, runs, succeeded_runs, failed_runs, running_runs,"
                + " avg_duration_seconds, max_duration_seconds, rows_succeeded, rows_failed, rows_aborted,"
                + " last_run_started_at FROM sync_stats ORDER BY sync_id")).containsExactly(
                List.of("s1", 3L, 2L, 1L, 0L, 60.0, 90.0, 6L, 3L, 0L, ts(300)),
                Arrays.asList("s2", 1L, 0L, 0L, 1L, null, null, 0L, 3L, 0L, ts(500)));
    }

    private static List<List<Object>> query(TestWarehouse wh, String url, String schema, String sql) throws Exception {
        String view = sql.replaceAll("(?s).* FROM (\\w+).*", "$1");
        return rows(url, sql.replace(" FROM " + view, " FROM " + LoaderTest.table(wh, url, schema, view)));
    }

    private static String ts(long seconds) {
        return Instant.EPOCH.plusNanos(TestQueue.t(seconds) * 1000L).toString();
    }
}
