package dev.synclog.demo;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Prints the demo's answers from a synclog warehouse: the runs, the most common errors by sync, what changed for
 * one row between two runs, and which rows entered and left the audience. It uses plain JDBC, so it runs with the
 * exporter jar (which carries the DuckDB and PostgreSQL drivers) on the class path:
 * {@code java -cp synclog-example.jar:synclog-exporter.jar dev.synclog.demo.DemoReport jdbc:duckdb:FILE [SCHEMA]}.
 */
public final class DemoReport {
    /** The audience sync of integration-tests/synclog.yaml. */
    static final String AUDIENCE_SYNC = "newsletter-audience";

    /** Runs numbered 1, 2, 3 in start order: run ids sort in start order, and both syncs share each run's id. */
    private static final String RUN_NUMBERS =
            "WITH run_no AS (SELECT DISTINCT sync_run_id, dense_rank() OVER (ORDER BY sync_run_id) AS run FROM sync_runs) ";

    private final Connection connection;
    private final PrintStream out;

    private DemoReport(Connection connection, PrintStream out) {
        this.connection = connection;
        this.out = out;
    }

    public static void main(String[] args) throws SQLException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DemoReport JDBC_URL [SCHEMA]   e.g. jdbc:duckdb:synclog-demo/synclog-demo.duckdb synclog");
            System.exit(2);
        }
        String schema = args.length == 2 ? args[1] : "synclog";
        try (Connection connection = DriverManager.getConnection(args[0])) {
            try (Statement s = connection.createStatement()) {
                // Both DuckDB and PostgreSQL accept this; it spares the DuckDB catalog.schema naming (docs/tables.md).
                s.execute("SET search_path = '" + schema.replace("'", "''") + "'");
            }
            new DemoReport(connection, System.out).print();
        }
    }

    private void print() throws SQLException {
        section("The runs: rows by op and final status (sync_runs)",
                RUN_NUMBERS + """
                SELECT run, r.sync_id, r.status,
                       num_succeeded_add AS added_ok, num_failed_add AS added_failed,
                       num_succeeded_change AS changed_ok, num_failed_change AS changed_failed,
                       num_succeeded_remove AS removed_ok, num_failed_remove AS removed_failed
                FROM sync_runs r JOIN run_no USING (sync_run_id) ORDER BY run, r.sync_id""");
        section("1. The most common errors by sync (sync_errors_by_sync, top 5 each)", """
                SELECT sync_id, failed_rows, distinct_rows, runs, failure_reason
                FROM (SELECT e.*, row_number() OVER (PARTITION BY sync_id ORDER BY failed_rows DESC, failure_reason) AS n
                      FROM sync_errors_by_sync e) AS ranked
                WHERE n <= 5 ORDER BY sync_id, n""");
        printRowChange();
        section("3. Rows entering and leaving the audience, by run (sync_audience_events)",
                RUN_NUMBERS + """
                SELECT run, count(CASE WHEN event = 'added' THEN 1 END) AS entered,
                       count(CASE WHEN event = 'removed' THEN 1 END) AS "left"
                FROM sync_audience_events JOIN run_no USING (sync_run_id)
                WHERE sync_id = ? GROUP BY run ORDER BY run""", AUDIENCE_SYNC);
        section("   ...and ten of the rows that left it, with their history",
                RUN_NUMBERS + """
                SELECT row_id, string_agg(event || ' in run ' || CAST(run AS VARCHAR), ', ' ORDER BY event_time) AS history
                FROM sync_audience_events JOIN run_no USING (sync_run_id)
                WHERE sync_id = ? AND row_id IN (SELECT row_id FROM sync_audience_events WHERE sync_id = ? AND event = 'removed')
                GROUP BY row_id ORDER BY row_id LIMIT 10""", AUDIENCE_SYNC, AUDIENCE_SYNC);
    }

    /**
     * Picks the row with the most fields changed by an update (a removal sends no fields, so it would show every
     * field turning NULL) and shows its field diff.
     */
    private void printRowChange() throws SQLException {
        String pick = """
                SELECT sync_id, row_id FROM sync_row_changes
                WHERE value_before IS NOT NULL AND value_after IS NOT NULL
                GROUP BY sync_id, row_id ORDER BY count(*) DESC, sync_id, row_id LIMIT 1""";
        String syncId;
        String rowId;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(pick)) {
            if (!r.next()) {
                out.println("\n2. No row changed between two runs yet.");
                return;
            }
            syncId = r.getString(1);
            rowId = r.getString(2);
        }
        section("2. What changed for row " + rowId + " of " + syncId + " between two runs (sync_row_changes)",
                RUN_NUMBERS + """
                SELECT c.field, p.run AS from_run, n.run AS to_run, c.value_before, c.value_after
                FROM sync_row_changes c
                JOIN run_no p ON p.sync_run_id = c.previous_run_id
                JOIN run_no n ON n.sync_run_id = c.sync_run_id
                WHERE c.sync_id = ? AND c.row_id = ? ORDER BY n.run, c.field""", syncId, rowId);
    }

    private void section(String title, String sql, String... parameters) throws SQLException {
        out.println();
        out.println(title);
        out.println();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                TextTable.of(result).print(out);
            }
        }
    }
}
