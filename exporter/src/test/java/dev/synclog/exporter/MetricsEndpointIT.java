package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.MetricsScrape;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/** The packaged exporter's /metrics and health endpoints, scraped over loopback as Prometheus and Kubernetes would. */
class MetricsEndpointIT {
    @TempDir
    Path tmp;

    @Test
    void rowsLoadedEqualWhatTheQueueHeldAndTheExporterIsReady() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{\"x\":1}", 2)
                    .ok("s", "r1", "b", "added", "{\"x\":2}", 3).ok("s", "r1", "a", "changed", "{\"x\":3}", 4)
                    .runFinished("s", "r1", "succeeded", null, 5);
            Path log = tmp.resolve("exporter.log");
            Process exporter = ExporterProcess.start(log, "run", "--queue", q.dir.toString(),
                    "--warehouse", "jdbc:duckdb:" + tmp.resolve("w.duckdb"), "--metrics-port", "0");
            try {
                await(() -> MetricsScrape.port(log).isPresent(), log);
                int port = MetricsScrape.port(log).getAsInt();
                String changelog = rowsLoaded(q.sourceId, "sync_changelog");
                // The lag gauges appear once the loop has counted after its commit (the reader thread may commit first).
                String lag = bySource("synclog_exporter_lag_events", q.sourceId);
                await(() -> {
                    Map<String, Double> now = MetricsScrape.samples(port);
                    return now.getOrDefault(changelog, 0.0) == 3.0 && now.containsKey(lag);
                }, log);

                Map<String, Double> samples = MetricsScrape.samples(port);
                assertThat(samples).containsEntry(rowsLoaded(q.sourceId, "sync_snapshot"), 2.0)
                        .containsEntry(rowsLoaded(q.sourceId, "sync_runs"), 1.0)
                        .containsEntry(bySource("synclog_exporter_events_read_total", q.sourceId), 6.0)
                        .containsEntry(bySource("synclog_exporter_lag_events", q.sourceId), 0.0)
                        .containsEntry(bySource("synclog_exporter_lag_seconds", q.sourceId), 0.0);
                assertThat(samples.get(bySource("synclog_exporter_batch_commit_duration_seconds_count", q.sourceId)))
                        .isGreaterThanOrEqualTo(1.0);
                assertThat(samples.get(bySource("synclog_exporter_queue_disk_usage_bytes", q.sourceId))).isPositive();
                assertThat(samples.get(bySource("synclog_exporter_disk_free_bytes", q.sourceId))).isPositive();

                HttpResponse<String> metrics = MetricsScrape.get(port, "/metrics");
                assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                assertThat(MetricsScrape.get(port, "/health/ready").statusCode()).isEqualTo(200);
                assertThat(MetricsScrape.get(port, "/health/live").statusCode()).isEqualTo(200);
                assertThat(MetricsScrape.get(port, "/health/elsewhere").statusCode()).isEqualTo(404);
            } finally {
                stop(exporter);
            }
        }
    }

    @Test
    void notReadyWhileTheWarehouseIsUnreachableThenReadyOnceLoading() throws Exception {
        int pgPort;
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "a", "added", "{}", 2).ok("s", "r", "b", "added", "{}", 3)
                    .runFinished("s", "r", "succeeded", null, 4);
            Path log = tmp.resolve("exporter.log");
            Process exporter = ExporterProcess.start(log, "run", "--queue", q.dir.toString(),
                    "--warehouse", TestWarehouse.postgresUrl(pgPort), "--max-backoff", "1s", "--metrics-port", "0");
            try {
                await(() -> MetricsScrape.port(log).isPresent(), log);
                int port = MetricsScrape.port(log).getAsInt();
                await(() -> MetricsScrape.samples(port).getOrDefault("synclog_exporter_retries_total", 0.0) >= 1, log);
                assertThat(MetricsScrape.get(port, "/health/ready").statusCode()).isEqualTo(503);
                assertThat(MetricsScrape.get(port, "/health/live").statusCode()).isEqualTo(200);
                Map<String, Double> retrying = MetricsScrape.samples(port);
                assertThat(retrying.get("synclog_exporter_errors_total{error_type=\"warehouse_unavailable\"}"))
                        .isGreaterThanOrEqualTo(1.0);
                assertThat(retrying).containsEntry(bySource("synclog_exporter_lag_events", q.sourceId), 5.0)
                        .doesNotContainKey(rowsLoaded(q.sourceId, "sync_changelog"));

                try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(pgPort).start()) {
                    try {
                        await(() -> MetricsScrape.get(port, "/health/ready").statusCode() == 200, log);
                        String changelog = rowsLoaded(q.sourceId, "sync_changelog");
                        await(() -> MetricsScrape.samples(port).getOrDefault(changelog, 0.0) == 2.0, log);
                    } finally {
                        stop(exporter); // before the warehouse goes away under it
                    }
                }
            } finally {
                stop(exporter);
            }
        }
    }

    static String rowsLoaded(String sourceId, String table) {
        return "synclog_exporter_rows_loaded_total{source_id=\"" + sourceId + "\",table=\"" + table + "\"}";
    }

    static String bySource(String name, String sourceId) {
        return name + "{source_id=\"" + sourceId + "\"}";
    }

    static void stop(Process exporter) throws InterruptedException {
        exporter.destroy();
        if (!exporter.waitFor(30, TimeUnit.SECONDS)) {
            exporter.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * How long a test waits for an exporter it started to reach a state: a bound that ends a test that would hang, not
     * a speed requirement. Generous, as other test classes run beside (exporters starting take seconds of CPU each).
     */
    static final long AWAIT_SECONDS = 120;

    /** Polls for up to {@link #AWAIT_SECONDS}; the exporter's log is in the failure message. */
    static void await(Callable<Boolean> condition, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (IOException e) {
                last = e; // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + AWAIT_SECONDS + " s; exporter log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)"), last);
    }
}
