package dev.synclog.exporter.load;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.synclog.exporter.load.ChangelogBatch.RunKey;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Views;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Keeps each run's {@code num_*} counts equal to its rows' final attempts (per row id, the newest: see
 * {@link Views#FINAL_ATTEMPT_FIRST}) counted by op and status, at every commit: rows are counted in Java as their
 * batch loads, instead of counting the run's rows in {@code sync_changelog} when it closes.
 *
 * <p>A batch's row adds to the count only when no earlier batch holds a row of its run and key, which the snapshot
 * lookup tells: the key is new, or the snapshot's row for it belongs to an earlier run (the snapshot keeps each key's
 * row of the greatest run). Otherwise (a row retried in a later batch of its run, or a run arriving after a later one)
 * its run is counted again from {@code sync_changelog}, inside the same transaction.
 */
public final class RunCounts {
    private static final List<String> OPS = List.of("added", "changed", "removed");

    private final Warehouse warehouse;
    private final String addSql;
    private final String recountSql;

    public RunCounts(Warehouse warehouse) {
        this.warehouse = warehouse;
        String runs = warehouse.table(Tables.RUNS);
        this.addSql = "UPDATE " + runs + " SET " + Tables.RUN_COUNTS.stream()
                .map(c -> warehouse.quote(c) + " = " + warehouse.quote(c) + " + ?").collect(Collectors.joining(", "))
                + " WHERE sync_id = ? AND sync_run_id = ?";
        this.recountSql = recountSql(warehouse, "sync_id = ? AND sync_run_id = ?");
    }

    /**
     * An {@code UPDATE} setting the counts of the runs {@code condition} (over {@code sync_changelog}'s columns)
     * selects from their rows in {@code sync_changelog}: for one run, and for every run when the schema migrates.
     */
    public static String recountSql(Warehouse warehouse, String condition) {
        String sums = Tables.RUN_COUNTS.stream().map(c -> "sum(CASE WHEN " + countedBy(c) + " THEN 1 ELSE 0 END) AS "
                + warehouse.quote(c)).collect(Collectors.joining(", "));
        String sets = Tables.RUN_COUNTS.stream().map(c -> warehouse.quote(c) + " = c." + warehouse.quote(c))
                .collect(Collectors.joining(", "));
        return "UPDATE " + warehouse.table(Tables.RUNS) + " AS r SET " + sets + " FROM (SELECT sync_id, sync_run_id, "
                + sums + " FROM (SELECT sync_id, sync_run_id, op_type, status, row_number() OVER (PARTITION BY sync_id,"
                + " sync_run_id, row_id ORDER BY " + Views.FINAL_ATTEMPT_FIRST + ") AS attempt_rank FROM "
                + warehouse.table(Tables.CHANGELOG) + " WHERE " + condition + ") f WHERE attempt_rank = 1"
                + " GROUP BY sync_id, sync_run_id) c WHERE r.sync_id = c.sync_id AND r.sync_run_id = c.sync_run_id";
    }

    /** {@code num_succeeded_change} counts rows whose final attempt's op is changed and status succeeded. */
    private static String countedBy(String column) {
        String[] parts = column.split("_"); // num, planned|attempted|succeeded|failed, add|change|remove
        String op = "op_type = '" + OPS.get(List.of("add", "change", "remove").indexOf(parts[2])) + "'";
        return switch (parts[1]) {
            case "planned" -> op;
            case "attempted" -> op + " AND status <> 'aborted'";
            default -> op + " AND status = '" + parts[1] + "'";
        };
    }

    /** After the batch's runs exist in {@code sync_runs} and its rows in {@code sync_changelog}. */
    public void add(ResolvedBatch batch) throws SQLException {
        Map<RunKey, long[]> added = new LinkedHashMap<>();
        Set<RunKey> recount = new LinkedHashSet<>();
        for (Map.Entry<RunKey, Map<Integer, Integer>> run : finalAttempts(batch).entrySet()) {
            String runId = run.getKey().runId();
            for (Map.Entry<Integer, Integer> keyRow : run.getValue().entrySet()) {
                String snapshotRunId = batch.snapshotRunId(keyRow.getKey());
                if (snapshotRunId != null && snapshotRunId.compareTo(runId) >= 0) {
                    recount.add(run.getKey());
                    break;
                }
                count(added.computeIfAbsent(run.getKey(), r -> new long[Tables.RUN_COUNTS.size()]),
                        batch.opType(keyRow.getValue()), batch.rows().get(keyRow.getValue()).status());
            }
        }
        added.keySet().removeAll(recount);
        try (PreparedStatement s = warehouse.connection().prepareStatement(addSql)) {
            for (Map.Entry<RunKey, long[]> run : added.entrySet()) {
                int i = 1;
                for (long n : run.getValue()) {
                    s.setLong(i++, n);
                }
                s.setString(i++, run.getKey().syncId());
                s.setString(i, run.getKey().runId());
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = warehouse.connection().prepareStatement(recountSql)) {
            for (RunKey run : recount) {
                s.setString(1, run.syncId());
                s.setString(2, run.runId());
                s.executeUpdate();
            }
        }
    }

    /** Per run, per key index: the batch's row of the key's final attempt in that run. */
    private static Map<RunKey, Map<Integer, Integer>> finalAttempts(ResolvedBatch batch) {
        Map<RunKey, Map<Integer, Integer>> runs = new HashMap<>();
        List<ChangelogRow> rows = batch.rows();
        for (int i = 0; i < rows.size(); i++) {
            ChangelogRow row = rows.get(i);
            runs.computeIfAbsent(new RunKey(row.syncId(), row.syncRunId()), r -> new HashMap<>())
                    .merge(batch.keyOf(i), i, (known, later) ->
                            outranks(rows.get(later), rows.get(known)) ? later : known);
        }
        return runs;
    }

    /**
     * Whether a row's attempt {@code later} in the queue is final over its attempt {@code known}, as
     * {@link Views#FINAL_ATTEMPT_FIRST} ranks them: newer, or as new and of an attempt at least as great.
     */
    private static boolean outranks(ChangelogRow later, ChangelogRow known) {
        if (later.eventTimeMicros() != known.eventTimeMicros()) {
            return later.eventTimeMicros() > known.eventTimeMicros();
        }
        return later.attempt() >= known.attempt();
    }

    /** In {@link Tables#RUN_COUNTS} order: planned, attempted, succeeded, failed; each for add, change, remove. */
    private static void count(long[] counts, String op, String status) {
        int o = OPS.indexOf(op);
        if (o < 0) {
            return;
        }
        counts[o]++;
        if (!status.equals("aborted")) {
            counts[3 + o]++;
        }
        if (status.equals("succeeded")) {
            counts[6 + o]++;
        } else if (status.equals("failed")) {
            counts[9 + o]++;
        }
    }
}
