package dev.synclog.example;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The same answers as {@link GroundTruth}'s, read from the tables and views the exporter loaded. */
final class WarehouseAnswers {
    /** Runs numbered 1, 2, 3…: run ids sort in start order, and the two syncs of one run share its id. */
    private static final String RUN_NO =
            "WITH run_no AS (SELECT DISTINCT sync_run_id, dense_rank() OVER (ORDER BY sync_run_id) AS run FROM sync_runs) ";
    private static final String[] OPS = {"add", "change", "remove"};
    private static final String[] OP_TYPES = {"added", "changed", "removed"};

    private final Warehouse.Target target;

    WarehouseAnswers(Warehouse.Target target) {
        this.target = target;
    }

    /** {@code run destination op status rows} from sync_runs' num_* columns (zero counts left out). */
    List<String> runCounts() throws SQLException {
        StringBuilder columns = new StringBuilder();
        for (String op : OPS) {
            columns.append(", num_succeeded_").append(op).append(", num_failed_").append(op);
        }
        List<String> lines = new ArrayList<>();
        for (String row : target.lines(RUN_NO + "SELECT run, destination" + columns
                + " FROM sync_runs JOIN run_no USING (sync_run_id) ORDER BY run, destination")) {
            String[] v = row.split(" ");
            for (int i = 0; i < OPS.length; i++) {
                addCount(lines, v[0] + " " + v[1] + " " + OP_TYPES[i] + " succeeded", v[2 + 2 * i]);
                addCount(lines, v[0] + " " + v[1] + " " + OP_TYPES[i] + " failed", v[3 + 2 * i]);
            }
        }
        return lines.stream().sorted().toList();
    }

    private static void addCount(List<String> lines, String key, String count) {
        if (!count.equals("0")) {
            lines.add(key + " " + count);
        }
    }

    /** {@code run sync_id status error}. */
    List<String> runs() throws SQLException {
        return target.lines(RUN_NO + "SELECT run, sync_id, status, error FROM sync_runs JOIN run_no USING (sync_run_id) "
                + "ORDER BY run, sync_id");
    }

    /** {@code run destination op status rows} from sync_changelog's final attempts. */
    List<String> finalCounts() throws SQLException {
        return sorted(target.lines(RUN_NO + "SELECT run, destination, op_type, status, count(*) "
                + "FROM sync_final_attempts JOIN run_no USING (sync_run_id) GROUP BY run, destination, op_type, status"));
    }

    /** {@code run destination op attempt status rows}, every row of sync_changelog. */
    List<String> attemptCounts() throws SQLException {
        return sorted(target.lines(RUN_NO + "SELECT run, destination, op_type, attempt, status, count(*) "
                + "FROM sync_changelog JOIN run_no USING (sync_run_id) GROUP BY run, destination, op_type, attempt, status"));
    }

    List<String> errorsBySync() throws SQLException {
        return sorted(target.lines("SELECT sync_id, failed_rows, distinct_rows, runs, failure_reason FROM sync_errors_by_sync"));
    }

    List<String> rowChanges(String syncId) throws SQLException {
        return sorted(target.lines(RUN_NO + "SELECT c.row_id, c.field, p.run, n.run, c.value_before, c.value_after "
                + "FROM sync_row_changes c JOIN run_no p ON p.sync_run_id = c.previous_run_id "
                + "JOIN run_no n ON n.sync_run_id = c.sync_run_id WHERE c.sync_id = ?", syncId));
    }

    List<String> audienceEvents(String syncId) throws SQLException {
        return sorted(target.lines(RUN_NO + "SELECT row_id, event, run FROM sync_audience_events "
                + "JOIN run_no USING (sync_run_id) WHERE sync_id = ?", syncId));
    }

    /**
     * {@code destination row_id attempt status}, every attempt of one run; the status reads {@code in-flight} for the
     * rows of a call whose process died before its response (docs/agent.md, "Crash safety").
     */
    List<String> attemptsOfRun(int run) throws SQLException {
        return target.lines(RUN_NO + "SELECT destination, row_id, attempt, CASE WHEN failure_reason LIKE "
                + "'the process ended before the response%' THEN 'in-flight' ELSE status END FROM sync_changelog "
                + "JOIN run_no USING (sync_run_id) WHERE run = CAST(? AS INTEGER)", Integer.toString(run));
    }

    /** {@code destination row_id → op_type status}, the final attempt of each row in one run. */
    java.util.Map<String, String> outcomesOfRun(int run) throws SQLException {
        java.util.Map<String, String> outcomes = new java.util.TreeMap<>();
        for (String line : target.lines(RUN_NO + "SELECT destination, row_id, op_type, status FROM sync_final_attempts "
                + "JOIN run_no USING (sync_run_id) WHERE run = CAST(? AS INTEGER)", Integer.toString(run))) {
            String[] v = line.split(" ");
            outcomes.put(v[0] + " " + v[1], v[2] + " " + v[3]);
        }
        return outcomes;
    }

    long changelogRows() throws SQLException {
        return target.count("SELECT count(*) FROM sync_changelog");
    }

    long distinctChangelogKeys() throws SQLException {
        return target.count("SELECT count(*) FROM (SELECT DISTINCT source_id, queue_index, queue_row FROM sync_changelog) AS k");
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }
}
