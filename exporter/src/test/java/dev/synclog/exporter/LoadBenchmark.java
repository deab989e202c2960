package dev.synclog.exporter;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/**
 * Exporter throughput against the raw fast path on the same rows (DESIGN target: at least 80%). Not part of
 * the build's tests (the name matches neither Surefire's nor Failsafe's patterns); run it with
 * {@code mvn -pl exporter test -Dtest=LoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and optionally {@code -Dbench.rows=1000000}. It prints its figures and asserts nothing about speed.
 */
class LoadBenchmark {
    private static final int ROWS = Integer.getInteger("bench.rows", 500_000);
    private static final int COMMIT_EVERY = 50_000;

    @Test
    void exporterAgainstRawAppenderAndCopy() throws Exception {
        Path tmp = Files.createTempDirectory("synclog-bench");
        try {
            Path queue = tmp.resolve("q");
            try (TestQueue q = new TestQueue(queue)) {
                q.agent(1, 0).runStarted("bench", "r1", 1);
                for (int i = 0; i < ROWS; i++) {
                    q.row("bench", "r1", Integer.toString(i), i % 2 == 0 ? "upsert" : "added", "succeeded", null,
                            "{\"id\":" + i + ",\"email\":\"user" + i + "@example.com\",\"plan\":\"pro\"}", 1, 2);
                }
                q.runFinished("bench", "r1", "succeeded", null, 3);
            }
            for (TestWarehouse wh : TestWarehouse.values()) {
                double raw = rawRowsPerSecond(wh, tmp);
                String url = wh.freshUrl(tmp);
                long start = System.nanoTime();
                Cli.runOnce(queue.toString(), url, wh.freshSchema());
                double exporter = ROWS / ((System.nanoTime() - start) / 1e9);
                System.out.printf("%s, %,d rows: raw fast path %,.0f rows/s, exporter (queue to tables, snapshot,"
                        + " runs, start-up included) %,.0f rows/s = %.0f%%%n", wh, ROWS, raw, exporter, 100 * exporter / raw);
            }
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The same 16 columns, one thread, a commit every 50,000 rows, no queue, no snapshot. */
    private static double rawRowsPerSecond(TestWarehouse wh, Path tmp) throws Exception {
        String url = wh.freshUrl(tmp);
        String table = wh == TestWarehouse.DUCKDB ? "raw_changelog" : wh.freshSchema() + "_raw";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (sync_id text, sync_run_id text, row_id text, op_type text,"
                    + " status text, failure_reason text, fields " + (wh == TestWarehouse.DUCKDB ? "JSON" : "jsonb")
                    + ", destination text, object text, http_status int, attempt int, event_time timestamp,"
                    + " trace_id text, call_id bigint, source_id text, queue_index bigint)");
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int from = 0; from < ROWS; from += COMMIT_EVERY) {
                int to = Math.min(ROWS, from + COMMIT_EVERY);
                if (wh == TestWarehouse.DUCKDB) {
                    try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("main", table)) {
                        for (int i = from; i < to; i++) {
                            a.beginRow().append("bench").append("r1").append(Integer.toString(i)).append("added")
                                    .append("succeeded").appendNull()
                                    .append("{\"id\":" + i + ",\"email\":\"user" + i + "@example.com\",\"plan\":\"pro\"}")
                                    .append("crm").append("contact").append(200).append(1)
                                    .appendEpochMicros(TestQueue.t(2)).append("trace-r1").append(0L).append("src")
                                    .append((long) i).endRow();
                        }
                    }
                } else {
                    StringBuilder text = new StringBuilder();
                    for (int i = from; i < to; i++) {
                        text.append("bench\tr1\t").append(i).append("\tadded\tsucceeded\t\\N\t{\"id\":").append(i)
                                .append(",\"email\":\"user").append(i).append("@example.com\",\"plan\":\"pro\"}")
                                .append("\tcrm\tcontact\t200\t1\t2024-01-01T00:00:02Z\ttrace-r1\t0\tsrc\t").append(i)
                                .append('\n');
                    }
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN",
                            new StringReader(text.toString()));
                }
                c.commit();
            }
            return ROWS / ((System.nanoTime() - start) / 1e9);
        }
    }
}
