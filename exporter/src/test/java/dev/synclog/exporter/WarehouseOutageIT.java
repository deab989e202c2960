package dev.synclog.exporter;

import static dev.synclog.exporter.MetricsEndpointIT.await;
import static dev.synclog.exporter.MetricsEndpointIT.stop;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.synclog.events.QueueLayout;
import dev.synclog.exporter.run.ExporterStatus;
import dev.synclog.exporter.run.StatusFile;
import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.DuckDbLockHolder;
import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.MetricsScrape;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/**
 * The warehouse goes away under a continuous load and comes back: PostgreSQL stopped mid-load and started again on
 * the same data and port, a DuckDB file held open by another process. The packaged exporter retries, says so without
 * the password, then catches up with every event loaded once.
 */
class WarehouseOutageIT {
    /**
     * How long PostgreSQL stays down: the minute the reliability guarantee names (the backoff reaches its cap long
     * before); {@code -Dsynclog.it.outage-seconds=N} shortens it while working on this test.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("synclog.it.outage-seconds", 60));
    /** How long the DuckDB file stays held after the first retries: the reconnect path is PostgreSQL's, briefly. */
    private static final Duration LOCK_HELD = Duration.ofSeconds(2);
    private static final String PASSWORD = "Pw-must-not-be-logged-7f3a";
    private static final int RUNS = 10;
    private static final int ROWS_PER_RUN = 2_000;
    private static final int ROWS = RUNS * ROWS_PER_RUN;
    /** Distinct row ids: runs overlap, so the snapshot holds fewer rows than the changelog. */
    private static final int ROW_IDS = 5_000;

    @TempDir
    Path tmp;

    @Test
    void postgresStoppedMidLoadIsRetriedThenTheExporterCatchesUpExactly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = tmp.resolve("pgdata");
        Path queue = tmp.resolve("q");
        Path log = tmp.resolve("exporter.log");
        String url = TestWarehouse.postgresUrl(port) + "&password=" + PASSWORD;
        CountDownLatch warehouseDown = new CountDownLatch(1);
        EmbeddedPostgres pg = postgres(data, port);
        Process exporter = null;
        try {
            // Half the history is written while the exporter loads, the other half while the warehouse is down.
            CompletableFuture<Long> agent = CompletableFuture.supplyAsync(() -> writeHistory(queue, warehouseDown));
            await(() -> Files.exists(queue.resolve(QueueLayout.SOURCE_ID_FILE)), log);
            exporter = ExporterProcess.start(log, "run", "--queue", queue.toString(), "--warehouse", url,
                    "--batch-rows", "1000", "--max-backoff", "5s", "--metrics-port", "0", "--run-timeout", "100000d");
            await(() -> MetricsScrape.port(log).isPresent(), log);
            int metrics = MetricsScrape.port(log).getAsInt();
            await(() -> committedRows(url) > 0, log);

            long committedWhenStopped = committedRows(url);
            long downAt = System.nanoTime();
            pg.close();
            warehouseDown.countDown();

            await(() -> retryLines(log) >= 2, log);
            assertThat(StatusFile.read(queue).state()).as("status while down").isEqualTo("retrying");
            Cli.Result status = Cli.run("status", "--queue", queue.toString());
            assertThat(status.out()).as("status while down").contains("exporter:      retrying (pid ")
                    .contains("last error:    ").doesNotContain(PASSWORD);
            assertThat(MetricsScrape.get(metrics, "/health/ready").statusCode()).as("ready while down").isEqualTo(503);
            Map<String, Double> down = MetricsScrape.samples(metrics);
            assertThat(down.get("synclog_exporter_retries_total")).isGreaterThanOrEqualTo(2.0);
            assertThat(down.get("synclog_exporter_errors_total{error_type=\"warehouse_unavailable\"}")).isGreaterThanOrEqualTo(2.0);

            long lastIndex = agent.get(2, TimeUnit.MINUTES);
            long left = OUTAGE.toNanos() - (System.nanoTime() - downAt);
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            assertThat(exporter.isAlive()).as("the exporter outlives the outage").isTrue();
            pg = postgres(data, port);

            await(() -> MetricsScrape.get(metrics, "/health/ready").statusCode() == 200, log);
            awaitCaughtUp(queue, lastIndex, log);
            stop(exporter);

            String output = Files.readString(log);
            System.out.printf("WarehouseOutageIT: PostgreSQL down for %d s with %,d of %,d rows committed; %d retry lines,"
                    + " the first:%n%s%n", OUTAGE.toSeconds(), committedWhenStopped, ROWS, retryLines(log), firstRetryLine(log));
            assertThat(output).as("the exporter's log").doesNotContain(PASSWORD)
                    .contains("warehouse jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&password=***"
                            + " unavailable (")
                    .contains("nothing is lost, retrying in 0.5 s");
            assertLoadedExactly(url, "synclog", lastIndex);
        } finally {
            if (exporter != null) {
                stop(exporter);
            }
            pg.close();
        }
    }

    @Test
    void aDuckDbFileHeldByAnotherProcessIsRetriedThenLoadedExactly() throws Exception {
        Path queue = tmp.resolve("q");
        Path file = tmp.resolve("w.duckdb");
        Path log = tmp.resolve("exporter.log");
        long lastIndex = writeHistory(queue, null);
        Process exporter = null;
        try {
            try (DuckDbLockHolder.Held holder = DuckDbLockHolder.hold(file)) {
                exporter = ExporterProcess.start(log, "run", "--queue", queue.toString(), "--warehouse",
                        "jdbc:duckdb:" + file, "--max-backoff", "1s", "--run-timeout", "100000d");
                await(() -> retryLines(log) >= 2, log);
                assertThat(StatusFile.read(queue).state()).as("status while the file is held").isEqualTo("retrying");
                assertThat(Files.readString(log)).as("the retry line names the file, the holder and the fix")
                        .contains("warehouse jdbc:duckdb:" + file + " unavailable (")
                        .contains("(PID " + holder.pid() + ")")
                        .contains("another process has this DuckDB file open");
                System.out.println("WarehouseOutageIT: " + firstRetryLine(log));
                Thread.sleep(LOCK_HELD.toMillis());
                assertThat(exporter.isAlive()).as("the exporter waits for the file").isTrue();
            }
            awaitCaughtUp(queue, lastIndex, log);
            stop(exporter);
        } finally {
            if (exporter != null) {
                stop(exporter);
            }
        }
        assertLoadedExactly("jdbc:duckdb:" + file, "synclog", lastIndex);
    }

    private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    /**
     * {@link #RUNS} runs of {@link #ROWS_PER_RUN} row results, a tenth of them failed. With {@code secondHalf}, at a live
     * agent's pace and the second half of the runs only once it opens; without, all at once. Returns the queue's last index.
     */
    private static long writeHistory(Path queue, CountDownLatch secondHalf) {
        try (TestQueue q = new TestQueue(queue)) {
            q.agent(1, 0);
            long time = 1;
            for (int run = 0; run < RUNS; run++) {
                if (secondHalf != null && run == RUNS / 2) {
                    secondHalf.await();
                }
                String runId = String.format("r%02d", run);
                q.runStarted("s", runId, time++);
                for (int i = 0; i < ROWS_PER_RUN; i++) {
                    String rowId = Integer.toString((run * 1_000 + i) % ROW_IDS);
                    String fields = "{\"id\":" + rowId + ",\"run\":" + run + "}";
                    if (i % 10 == 0) {
                        q.row("s", runId, rowId, "upsert", "failed", "invalid email", fields, 1, time);
                    } else {
                        q.ok("s", runId, rowId, "upsert", fields, time);
                    }
                    if (secondHalf != null && i % 250 == 249) {
                        Thread.sleep(40);
                    }
                }
                q.runFinished("s", runId, "succeeded", null, time++);
            }
            return q.lastIndex();
        } catch (Exception e) {
            throw new IllegalStateException("writing the test queue failed", e);
        }
    }

    /** Every event loaded once, the read position at the queue's end, every run closed with its counts. */
    private static void assertLoadedExactly(String url, String schema, long lastIndex) throws Exception {
        assertThat(TestWarehouse.rows(url, "SELECT count(*), count(DISTINCT (source_id, queue_index, queue_row)) FROM " + schema
                + ".sync_changelog")).as("changelog rows, distinct queue positions").containsExactly(List.of((long) ROWS, (long) ROWS));
        assertThat(TestWarehouse.rows(url, "SELECT count(*) FROM " + schema + ".sync_snapshot"))
                .as("snapshot rows").containsExactly(List.of((long) ROW_IDS));
        assertThat(TestWarehouse.rows(url, "SELECT count(*), sum(num_succeeded_add + num_succeeded_change"
                + " + num_failed_add + num_failed_change) FROM " + schema + ".sync_runs WHERE status = 'succeeded'"))
                .as("closed runs, rows counted in them").containsExactly(List.of((long) RUNS, (long) ROWS));
        assertThat(TestWarehouse.rows(url, "SELECT last_queue_index, rows_loaded FROM " + schema + ".sync_sources"))
                .as("read position").containsExactly(List.of(lastIndex, (long) ROWS));
    }

    /** The status file says idle at the queue's last index (the exporter writes it after every commit). */
    private static void awaitCaughtUp(Path queue, long lastIndex, Path log) throws Exception {
        await(() -> {
            ExporterStatus s = StatusFile.read(queue);
            return s.lastCommittedIndex() == lastIndex && s.state().equals("idle");
        }, log);
    }

    private static long committedRows(String url) {
        try {
            List<List<Object>> r = TestWarehouse.rows(url, "SELECT coalesce(sum(rows_loaded), 0) FROM synclog.sync_sources");
            return ((Number) r.get(0).get(0)).longValue();
        } catch (java.sql.SQLException e) {
            return 0; // the schema is not there yet
        }
    }

    private static String firstRetryLine(Path log) throws java.io.IOException {
        return Files.readString(log).lines().filter(l -> l.contains("nothing is lost, retrying in")).findFirst().orElse("");
    }

    private static long retryLines(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log).lines().filter(l -> l.contains("nothing is lost, retrying in")).count() : 0;
    }
}
