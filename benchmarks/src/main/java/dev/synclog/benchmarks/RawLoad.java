package dev.synclog.benchmarks;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;

/**
 * The raw fast path the exporter is measured against: {@link BenchRows} written straight into the exporter's own tables
 * (same schema, types and indexes, created by {@code init}) by DuckDB's Appender or PostgreSQL's COPY, one thread, a
 * commit every {@code commitEvery} rows. No queue, no upsert resolution, no merge: only the bulk write.
 */
final class RawLoad {
    /** {@code sync_changelog} has 16 columns; {@code sync_snapshot} adds first_succeeded_run_id, left NULL here. */
    static final List<String> CHANGELOG = List.of("sync_changelog");
    static final List<String> CHANGELOG_AND_SNAPSHOT = List.of("sync_changelog", "sync_snapshot");

    private RawLoad() {
    }

    static void duckDb(String url, String schema, List<String> tables, int rows, int commitEvery, String sourceId)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            String catalog;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_database()")) {
                r.next();
                catalog = r.getString(1);
            }
            c.setAutoCommit(false);
            DuckDBConnection duck = c.unwrap(DuckDBConnection.class);
            for (int from = 0; from < rows; from += commitEvery) {
                int to = Math.min(rows, from + commitEvery);
                for (String table : tables) {
                    try (DuckDBAppender a = duck.createAppender(catalog, schema, table)) {
                        for (int i = from; i < to; i++) {
                            a.beginRow().append(BenchRows.SYNC_ID).append(BenchRows.RUN_ID).append(BenchRows.rowId(i))
                                    .append("added").append("succeeded").appendNull().append(BenchRows.fields(i))
                                    .append("crm").append("contact").append(200).append(1)
                                    .appendEpochMicros(BenchRows.eventTimeMicros(i)).append(BenchRows.TRACE_ID)
                                    .append(BenchRows.callId(i)).append(sourceId).append((long) i);
                            if (table.equals("sync_snapshot")) {
                                a.appendNull();
                            }
                            a.endRow();
                        }
                    }
                }
                c.commit();
            }
        }
    }

    static void postgres(String url, String schema, List<String> tables, int rows, int commitEvery, String sourceId)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            PGConnection pg = c.unwrap(PGConnection.class);
            for (int from = 0; from < rows; from += commitEvery) {
                int to = Math.min(rows, from + commitEvery);
                for (String table : tables) {
                    String extra = table.equals("sync_snapshot") ? "\t\\N\n" : "\n";
                    StringBuilder text = new StringBuilder((to - from) * 200);
                    for (int i = from; i < to; i++) {
                        text.append(BenchRows.SYNC_ID).append('\t').append(BenchRows.RUN_ID).append('\t')
                                .append(BenchRows.rowId(i)).append("\tadded\tsucceeded\t\\N\t").append(BenchRows.fields(i))
                                .append("\tcrm\tcontact\t200\t1\t")
                                .append(java.time.Instant.EPOCH.plusNanos(BenchRows.eventTimeMicros(i) * 1000L))
                                .append('\t').append(BenchRows.TRACE_ID).append('\t').append(BenchRows.callId(i))
                                .append('\t').append(sourceId).append('\t').append(i).append(extra);
                    }
                    pg.getCopyAPI().copyIn("COPY \"" + schema + "\".\"" + table + "\" FROM STDIN (FORMAT text)",
                            new StringReader(text.toString()));
                }
                c.commit();
            }
        }
    }
}
