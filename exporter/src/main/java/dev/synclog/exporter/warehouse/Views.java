package dev.synclog.exporter.warehouse;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analysis views, written once in SQL both warehouses understand. Two tokens stand for what differs:
 * {@code {t:NAME}} names a table or view of the schema, {@code {keys:EXPR}} lists a JSON object's keys.
 *
 * <p>Unlike Hightouch's dbt models: counts use {@code count(CASE … END)} without an ELSE (which would count
 * every row), histories are ordered by run start rather than by run id or flatten order, field diffs are
 * NULL-aware ({@code IS DISTINCT FROM}) and consider successful final attempts only.
 */
public final class Views {

    public record View(String name, String template) {
        public String createSql(WarehouseDialect dialect, String schema) {
            return "CREATE VIEW " + dialect.table(schema, name) + " AS " + render(template, dialect, schema);
        }
    }

    private static final Pattern TOKEN = Pattern.compile("\\{(t|keys):([^}]+)}");

    /**
     * How a row's attempts in a run rank over {@code sync_changelog}'s columns, the final one first. Time comes first:
     * in a run longer than the agent's attempt window, a row back after the window has moved on is numbered 1 again,
     * and a run can span two queues whose indexes do not compare. Rows of one call share their time, so the attempt
     * breaks that tie, then the place in the queue.
     */
    public static final String FINAL_ATTEMPT_FIRST = "event_time DESC, attempt DESC, queue_index DESC, queue_row DESC";

    /** The last attempt of each row in each run, with its run's start: the row's outcome in that run. */
    static final View FINAL_ATTEMPTS = new View("sync_final_attempts", """
            SELECT * FROM (
              SELECT c.*, r.started_at AS run_started_at,
                     row_number() OVER (PARTITION BY c.sync_id, c.sync_run_id, c.row_id
                                        ORDER BY %s) AS attempt_rank
              FROM {t:sync_changelog} c
              LEFT JOIN {t:sync_runs} r ON r.sync_id = c.sync_id AND r.sync_run_id = c.sync_run_id
            ) f WHERE attempt_rank = 1
            """.formatted(FINAL_ATTEMPT_FIRST));

    static final View ERRORS_BY_SYNC = new View("sync_errors_by_sync", """
            SELECT sync_id, failure_reason, failed_rows, distinct_rows, runs, last_failed_at,
                   rank() OVER (PARTITION BY sync_id ORDER BY failed_rows DESC) AS error_rank
            FROM (
              SELECT sync_id, coalesce(failure_reason, '(no reason given)') AS failure_reason,
                     count(*) AS failed_rows, count(DISTINCT row_id) AS distinct_rows,
                     count(DISTINCT sync_run_id) AS runs, max(event_time) AS last_failed_at
              FROM {t:sync_final_attempts}
              WHERE status = 'failed'
              GROUP BY sync_id, coalesce(failure_reason, '(no reason given)')
            ) e
            """);

    static final View ROW_CHANGES = new View("sync_row_changes", """
            WITH ok AS (
              SELECT sync_id, row_id, sync_run_id, run_started_at, event_time, fields,
                     lag(sync_run_id) OVER (PARTITION BY sync_id, row_id
                                            ORDER BY run_started_at, sync_run_id) AS previous_run_id
              FROM {t:sync_final_attempts}
              -- A removal carries no new state for the row: diffs compare the states that were sent.
              WHERE status = 'succeeded' AND op_type <> 'removed'
            ),
            field_values AS (
              SELECT sync_id, row_id, sync_run_id, field, fields ->> field AS value
              FROM (SELECT sync_id, row_id, sync_run_id, fields, {keys:fields} AS field FROM ok) k
            ),
            changed_fields AS (
              SELECT DISTINCT ok.sync_id, ok.row_id, ok.previous_run_id, ok.sync_run_id, ok.run_started_at,
                     ok.event_time, v.field
              FROM ok
              JOIN field_values v ON v.sync_id = ok.sync_id AND v.row_id = ok.row_id
                                 AND (v.sync_run_id = ok.sync_run_id OR v.sync_run_id = ok.previous_run_id)
              WHERE ok.previous_run_id IS NOT NULL
            )
            SELECT c.sync_id, c.row_id, c.field, c.previous_run_id, c.sync_run_id,
                   b.value AS value_before, a.value AS value_after, c.run_started_at, c.event_time AS changed_at
            FROM changed_fields c
            LEFT JOIN field_values b ON b.sync_id = c.sync_id AND b.row_id = c.row_id
                                    AND b.sync_run_id = c.previous_run_id AND b.field = c.field
            LEFT JOIN field_values a ON a.sync_id = c.sync_id AND a.row_id = c.row_id
                                    AND a.sync_run_id = c.sync_run_id AND a.field = c.field
            WHERE b.value IS DISTINCT FROM a.value
            """);

    /** Entries and exits follow the row's successful operations, so an upsert that re-adds a removed row counts. */
    static final View AUDIENCE_EVENTS = new View("sync_audience_events", """
            SELECT sync_id, row_id, CASE WHEN op_type = 'removed' THEN 'removed' ELSE 'added' END AS event,
                   sync_run_id, run_started_at, event_time
            FROM (
              SELECT sync_id, row_id, sync_run_id, run_started_at, event_time, op_type,
                     lag(op_type) OVER (PARTITION BY sync_id, row_id ORDER BY run_started_at, sync_run_id) AS previous_op
              FROM {t:sync_final_attempts}
              WHERE status = 'succeeded'
            ) s
            WHERE (op_type = 'added' AND (previous_op IS NULL OR previous_op = 'removed'))
               OR (op_type = 'changed' AND previous_op = 'removed')
               OR (op_type = 'removed' AND (previous_op IS NULL OR previous_op <> 'removed'))
            """);

    static final View FIRST_ADDED = new View("sync_first_added", """
            SELECT sync_id, row_id, sync_run_id AS first_added_run_id, run_started_at, event_time AS first_added_at
            FROM (
              SELECT sync_id, row_id, sync_run_id, run_started_at, event_time,
                     row_number() OVER (PARTITION BY sync_id, row_id ORDER BY run_started_at, sync_run_id) AS n
              FROM {t:sync_final_attempts}
              WHERE status = 'succeeded' AND op_type = 'added'
            ) a WHERE n = 1
            """);

    static final View OPS_BY_ROW = new View("sync_ops_by_row", """
            SELECT sync_id, row_id, succeeded_ops, failed_ops, aborted_ops,
                   sync_run_id AS latest_run_id, op_type AS latest_op_type, status AS latest_status,
                   failure_reason AS latest_failure_reason, attempt AS latest_attempt, event_time AS latest_at
            FROM (
              SELECT f.*,
                     count(CASE WHEN status = 'succeeded' THEN 1 END) OVER w AS succeeded_ops,
                     count(CASE WHEN status = 'failed' THEN 1 END) OVER w AS failed_ops,
                     count(CASE WHEN status = 'aborted' THEN 1 END) OVER w AS aborted_ops,
                     row_number() OVER (PARTITION BY sync_id, row_id
                                        ORDER BY run_started_at DESC, sync_run_id DESC) AS recency
              FROM {t:sync_final_attempts} f
              WINDOW w AS (PARTITION BY sync_id, row_id)
            ) o WHERE recency = 1
            """);

    static final View STATS = new View("sync_stats", """
            SELECT sync_id,
                   count(*) AS runs,
                   count(CASE WHEN status = 'succeeded' THEN 1 END) AS succeeded_runs,
                   count(CASE WHEN status = 'failed' THEN 1 END) AS failed_runs,
                   count(CASE WHEN finished_at IS NULL THEN 1 END) AS running_runs,
                   avg(duration_seconds) AS avg_duration_seconds,
                   max(duration_seconds) AS max_duration_seconds,
                   CAST(sum(num_succeeded_add + num_succeeded_change + num_succeeded_remove) AS BIGINT) AS rows_succeeded,
                   CAST(sum(num_failed_add + num_failed_change + num_failed_remove) AS BIGINT) AS rows_failed,
                   CAST(sum(num_planned_add + num_planned_change + num_planned_remove
                            - num_attempted_add - num_attempted_change - num_attempted_remove) AS BIGINT) AS rows_aborted,
                   max(started_at) AS last_run_started_at
            FROM (
              SELECT r.*, CAST(EXTRACT(EPOCH FROM (finished_at - started_at)) AS DOUBLE PRECISION) AS duration_seconds
              FROM {t:sync_runs} r
            ) d
            GROUP BY sync_id
            """);

    /** In dependency order: created front to back, dropped back to front. */
    public static final List<View> ALL = List.of(FINAL_ATTEMPTS, ERRORS_BY_SYNC, ROW_CHANGES, AUDIENCE_EVENTS,
            FIRST_ADDED, OPS_BY_ROW, STATS);

    private Views() {
    }

    static String render(String template, WarehouseDialect dialect, String schema) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1).equals("t") ? dialect.tableInView(schema, m.group(2))
                    : dialect.jsonKeys(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
