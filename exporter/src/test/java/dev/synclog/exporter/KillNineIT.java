package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.events.QueueLayout;
import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;
import dev.synclog.exporter.warehouse.Views;

/**
 * Exactly-once across crashes: kill -9 the exporter at random moments while it loads 200,000 row results,
 * restart it each time, and the tables must equal a clean load row for row. Runs alternate between the queue's two
 * forms: a row result per excerpt (agents of event schema version 1) and calls of several rows per excerpt.
 */
class KillNineIT {
    private static final int ROW_RESULTS = 200_000;
    private static final int KILLS = 20;
    private static final int ROWS_PER_RUN = 10_000;
    /** Not a divisor of the exporter's batch size: batches end at a call's end, past the size asked for. */
    private static final int ROWS_PER_CALL = 7;
    /** The history's event times are in 2024: no run may time out while the test waits. */
    private static final String NEVER = "100000d";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void twentyKillsLoseNothingAndDoubleNothing(TestWarehouse wh) throws Exception {
        Path queue = tmp.resolve("q");
        // The agent keeps writing while the exporter is killed: ~1,000 rows every 250 ms, like a live sync.
        CompletableFuture<Void> agent = CompletableFuture.runAsync(() -> writeHistory(queue, 250));
        await(() -> Files.exists(queue.resolve(QueueLayout.SOURCE_ID_FILE)));

        Target killed = new Target(wh, wh.freshUrl(tmp), wh.freshSchema());
        Random random = new Random(42);
        List<Long> positionsAtKill = new ArrayList<>();
        // Each exporter's temp directory, to see what kill -9 leaves there.
        Path exporterTmp = Files.createDirectories(tmp.resolve("exporter-tmp"));
        List<String> jvmArgs = List.of("-Djava.io.tmpdir=" + exporterTmp);
        for (int i = 0; i < KILLS; i++) {
            Path log = tmp.resolve("exporter-" + i + ".log");
            long unpackedBefore = unpackedDuckDbLibraries(exporterTmp);
            Process p = ExporterProcess.start(log, jvmArgs, "run", "--queue", queue.toString(), "--warehouse", killed.url,
                    "--schema", killed.schema, "--batch-rows", "3000", "--run-timeout", NEVER, "--progress-every", "100ms");
            boolean committed;
            try {
                // A fixed delay lands every kill before the first commit on a loaded machine: wait for this process's
                // first commit (while the history is still being written), then kill at a random moment after it.
                committed = awaitFirstCommit(log, p, agent);
                Thread.sleep(random.nextInt(1500));
            } finally {
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            if (committed) {
                // A kill while the exporter still connects may leave one: the driver unpacks before it can be deleted.
                assertThat(unpackedDuckDbLibraries(exporterTmp))
                        .as("DuckDB's unpacked native library (60 MB) left by an exporter killed after it connected")
                        .isEqualTo(unpackedBefore);
            }
            positionsAtKill.add(committedRows(killed));
        }
        agent.get(2, TimeUnit.MINUTES);
        Process last = ExporterProcess.start(tmp.resolve("exporter-final.log"), jvmArgs, "run", "--once", "--queue",
                queue.toString(), "--warehouse", killed.url, "--schema", killed.schema, "--run-timeout", NEVER);
        try {
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(tmp.resolve("exporter-final.log"))).isZero();
        } finally {
            last.destroyForcibly();
        }

        System.out.println(wh + ": rows committed at each kill: " + positionsAtKill);
        Target clean = new Target(wh, wh.freshUrl(tmp), wh.freshSchema());
        Cli.runOnce(queue.toString(), clean.url, clean.schema, "--run-timeout", NEVER);
        // The kills must have landed mid-load, not all before the first commit or after the last.
        assertThat(positionsAtKill.stream().filter(n -> n > 0 && n < ROW_RESULTS).count())
                .as("kills during loading, rows committed at each kill: %s", positionsAtKill).isGreaterThanOrEqualTo(5);
        for (String table : List.of("sync_changelog", "sync_snapshot", "sync_runs")) {
            assertThat(fingerprint(killed, table)).as(table).isEqualTo(fingerprint(clean, table));
        }
        assertThat(fingerprint(clean, "sync_changelog")).startsWith(ROW_RESULTS + " rows");
        // Counts are kept batch by batch (retries across batches, keys sent again by later runs): they must be those
        // of each row's final attempt in the changelog.
        assertThat(TestWarehouse.rows(killed.url, "SELECT count(*) FROM " + killed.table("sync_runs") + " r LEFT JOIN"
                + " (SELECT sync_id, sync_run_id, count(*) AS planned,"
                + " sum(CASE WHEN op_type = 'changed' THEN 1 ELSE 0 END) AS changed,"
                + " sum(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS succeeded,"
                + " sum(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed FROM (SELECT sync_id, sync_run_id,"
                + " op_type, status, row_number() OVER (PARTITION BY sync_id, sync_run_id, row_id"
                + " ORDER BY " + Views.FINAL_ATTEMPT_FIRST + ") AS n FROM " + killed.table("sync_changelog") + ") f"
                + " WHERE n = 1 GROUP BY sync_id, sync_run_id) c ON c.sync_id = r.sync_id AND c.sync_run_id = r.sync_run_id"
                + " WHERE coalesce(c.planned, 0) <> num_planned_add + num_planned_change + num_planned_remove"
                + " OR coalesce(c.changed, 0) <> num_planned_change"
                + " OR coalesce(c.succeeded, 0) <> num_succeeded_add + num_succeeded_change + num_succeeded_remove"
                + " OR coalesce(c.failed, 0) <> num_failed_add + num_failed_change + num_failed_remove"))
                .as("runs whose counts differ from their rows' final attempts").containsExactly(List.of(0L));
        assertThat(TestWarehouse.rows(killed.url, "SELECT count(*) - count(DISTINCT (source_id, queue_index, queue_row)) FROM "
                + killed.table("sync_changelog"))).containsExactly(List.of(0L));
        assertThat(TestWarehouse.rows(killed.url, "SELECT rows_loaded, events_dropped FROM " + killed.table("sync_sources")))
                .isEqualTo(TestWarehouse.rows(clean.url, "SELECT rows_loaded, events_dropped FROM "
                        + clean.table("sync_sources")));
    }

    /** About 20 runs of 10,000 rows: upserts, retries, a dropped-events report, and an agent that dies mid-run. */
    private static void writeHistory(Path queue, long pauseMillisPer1000Rows) {
        try (TestQueue q = new TestQueue(queue)) {
            q.agent(1, 0);
            int written = 0;
            long time = 1;
            for (int run = 0; written < ROW_RESULTS; run++) {
                String runId = String.format("r%03d", run);
                q.runStarted("k", runId, time++).rowsPerCall(run % 2 == 0 ? 1 : ROWS_PER_CALL);
                for (int i = 0; i < ROWS_PER_RUN && written < ROW_RESULTS; i++) {
                    String rowId = Integer.toString((run * 3_000 + i) % 25_000);
                    String fields = "{\"id\":" + rowId + ",\"run\":" + run + ",\"tier\":\"" + (i % 3) + "\"}";
                    if (i % 7 == 0) {
                        q.row("k", runId, rowId, "upsert", "failed", "rate limited", fields, 1, time);
                        q.row("k", runId, rowId, "upsert", i % 2 == 0 ? "succeeded" : "failed", "invalid email",
                                fields, 2, time);
                        written += 2;
                    } else {
                        q.row("k", runId, rowId, i % 11 == 0 ? "removed" : "upsert", "succeeded", null, fields, 1, time);
                        written++;
                    }
                    if (i % 1000 == 999) {
                        Thread.sleep(pauseMillisPer1000Rows);
                    }
                }
                if (run == 9) {
                    q.dropped(runId, 3);
                    q.agent(2, time++);
                } else {
                    q.runFinished("k", runId, "succeeded", null, time++);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("writing the test queue failed", e);
        }
    }

    /** A progress line with rows loaded by this process: it has committed at least one batch. */
    private static final Pattern LOADED = Pattern.compile("synclog-exporter: source \\S+: [1-9][\\d,]* rows loaded");

    /** True when the exporter's log shows its first commit; false when the history was complete before it. */
    private static boolean awaitFirstCommit(Path log, Process exporter, CompletableFuture<Void> history)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && exporter.isAlive() && !history.isDone()) {
            if (Files.exists(log) && LOADED.matcher(Files.readString(log)).find()) {
                return true;
            }
            Thread.sleep(50);
        }
        assertThat(exporter.isAlive()).as("the exporter died before its first commit: %s", Files.exists(log)
                ? Files.readString(log) : "no log").isTrue();
        if (!history.isDone()) {
            throw new AssertionError("no commit within 90 s: " + Files.readString(log));
        }
        // Once the history is complete, an exporter that has caught up loads nothing new: give it time to start.
        Thread.sleep(1500);
        return false;
    }

    private static long unpackedDuckDbLibraries(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("libduckdb_java")).count();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
    }

    /** Rows committed so far; 0 when the exporter was killed before it created the schema. */
    private static long committedRows(Target target) throws Exception {
        if (TestWarehouse.rows(target.url, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'sync_sources'"
                + " AND table_schema = '" + target.schema + "'").get(0).get(0).equals(0L)) {
            return 0;
        }
        List<List<Object>> r = TestWarehouse.rows(target.url, "SELECT coalesce(sum(rows_loaded), 0) FROM "
                + target.table("sync_sources"));
        return ((Number) r.get(0).get(0)).longValue();
    }

    /** Row count plus a SHA-256 over every row in key order. */
    private static String fingerprint(Target target, String table) throws Exception {
        String order = switch (table) {
            case "sync_changelog" -> "source_id, queue_index, queue_row";
            case "sync_snapshot" -> "sync_id, row_id";
            default -> "sync_id, sync_run_id";
        };
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long rows = 0;
        try (Connection c = DriverManager.getConnection(target.url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM " + target.table(table) + " ORDER BY " + order)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                    sha.update(String.valueOf(r.getObject(i)).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
                rows++;
            }
        }
        return rows + " rows, sha-256 " + HexFormat.of().formatHex(sha.digest());
    }

    private record Target(TestWarehouse wh, String url, String schema) {
        String table(String name) {
            return LoaderTest.table(wh, url, schema, name);
        }
    }
}
