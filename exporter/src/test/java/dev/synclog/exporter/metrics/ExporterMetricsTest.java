package dev.synclog.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

import dev.synclog.exporter.load.LoadPhase;
import dev.synclog.exporter.run.Exporter;
import dev.synclog.exporter.run.ExporterSettings;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/** The exporter's instruments, read through the SDK's in-memory reader while a real exporter loads a queue. */
class ExporterMetricsTest {
    @TempDir
    Path tmp;

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    private final ExporterMetrics metrics = new ExporterMetrics(sdk);

    @AfterEach
    void closeSdk() {
        sdk.close();
    }

    @Test
    void rowsLoadedPerTableEqualWhatTheQueueHeld() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            // 6 events: 3 changelog rows of 2 distinct rows, in 1 run.
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{\"x\":1}", 2)
                    .ok("s", "r1", "b", "added", "{\"x\":2}", 3).ok("s", "r1", "a", "changed", "{\"x\":3}", 4)
                    .runFinished("s", "r1", "succeeded", null, 5);
            exporter(q.dir, TestWarehouse.DUCKDB.freshUrl(tmp), true).run();

            Collection<MetricData> data = reader.collectAllMetrics();
            Attributes source = Attributes.of(ExporterMetrics.SOURCE_ID, q.sourceId);
            assertThat(longValue(data, "synclog.exporter.rows.loaded", rowsIn(q.sourceId, "sync_changelog"))).isEqualTo(3);
            assertThat(longValue(data, "synclog.exporter.rows.loaded", rowsIn(q.sourceId, "sync_snapshot"))).isEqualTo(2);
            assertThat(longValue(data, "synclog.exporter.rows.loaded", rowsIn(q.sourceId, "sync_runs"))).isEqualTo(1);
            assertThat(longValue(data, "synclog.exporter.events.read", source)).isEqualTo(6);
            assertThat(longValue(data, "synclog.exporter.lag.events", source)).isZero();
            assertThat(doubleValue(data, "synclog.exporter.lag", source)).isZero();
            assertThat(longValue(data, "synclog.exporter.queue.disk.usage", source)).isPositive();
            assertThat(longValue(data, "synclog.exporter.disk.free", source)).isPositive();
            MetricData commits = metric(data, "synclog.exporter.batch.commit.duration").orElseThrow();
            assertThat(commits.getUnit()).isEqualTo("s");
            assertThat(commits.getHistogramData().getPoints()).singleElement()
                    .satisfies(p -> assertThat(p.getCount()).isEqualTo(1))
                    .satisfies(p -> assertThat(p.getAttributes()).isEqualTo(source));
            MetricData phases = metric(data, "synclog.exporter.batch.phase.duration").orElseThrow();
            assertThat(phases.getDoubleSumData().getPoints()).hasSize(LoadPhase.values().length)
                    .allSatisfy(p -> assertThat(p.getValue()).isNotNegative())
                    .anySatisfy(p -> assertThat(p.getAttributes().get(ExporterMetrics.PHASE)).isEqualTo("changelog"))
                    .filteredOn(p -> "changelog".equals(p.getAttributes().get(ExporterMetrics.PHASE)))
                    .singleElement().satisfies(p -> assertThat(p.getValue()).isPositive());
            assertThat(metric(data, "synclog.exporter.retries")).as("no retries happened").isEmpty();
            assertThat(metric(data, "synclog.exporter.errors")).as("no errors happened").isEmpty();

            // The same figures in the Prometheus text /metrics serves.
            assertThat(PrometheusText.format(data))
                    .contains("# TYPE synclog_exporter_rows_loaded_total counter\n")
                    .contains("synclog_exporter_rows_loaded_total{source_id=\"" + q.sourceId
                            + "\",table=\"sync_changelog\"} 3\n")
                    .contains("synclog_exporter_lag_events{source_id=\"" + q.sourceId + "\"} 0\n")
                    .contains("synclog_exporter_lag_seconds{source_id=\"" + q.sourceId + "\"} 0.0\n")
                    .contains("# TYPE synclog_exporter_batch_commit_duration_seconds histogram\n")
                    .contains("synclog_exporter_batch_commit_duration_seconds_bucket{source_id=\"" + q.sourceId
                            + "\",le=\"+Inf\"} 1\n")
                    .contains("synclog_exporter_batch_commit_duration_seconds_count{source_id=\"" + q.sourceId
                            + "\"} 1\n")
                    .contains("# TYPE synclog_exporter_batch_phase_duration_seconds_total counter\n")
                    .contains("synclog_exporter_batch_phase_duration_seconds_total{phase=\"lookup\",source_id=\""
                            + q.sourceId + "\"} ")
                    .contains("# TYPE synclog_exporter_queue_disk_usage_bytes gauge\n")
                    .contains("# TYPE synclog_exporter_disk_free_bytes gauge\n");
        }
    }

    @Test
    void anUnreachableWarehouseCountsRetriesAndErrorsAndIsNotReady() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1);
            Exporter exporter = exporter(q.dir, TestWarehouse.postgresUrl(closedPort), false);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    exporter.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (longValue(reader.collectAllMetrics(), "synclog.exporter.retries", Attributes.empty()) < 2) {
                    assertThat(System.nanoTime()).as("two retries within 20 s").isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(exporter.isReady()).isFalse();
                Collection<MetricData> data = reader.collectAllMetrics();
                assertThat(longValue(data, "synclog.exporter.errors",
                        Attributes.of(ExporterMetrics.ERROR_TYPE, ExporterMetrics.WAREHOUSE_UNAVAILABLE))).isGreaterThanOrEqualTo(2);
                assertThat(longValue(data, "synclog.exporter.lag.events",
                        Attributes.of(ExporterMetrics.SOURCE_ID, q.sourceId))).as("nothing loaded, 2 events behind")
                        .isEqualTo(2);
            } finally {
                exporter.stopAndWait(Duration.ofSeconds(10));
                running.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private Exporter exporter(Path queue, String url, boolean once) {
        return new Exporter(new ExporterSettings(List.of(queue), url, "synclog", once, 50_000, 10_000_000,
                Duration.ofSeconds(1), Duration.ofHours(24), null, null, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofMillis(500)), new PrintWriter(new StringWriter()), metrics);
    }

    private static Attributes rowsIn(String sourceId, String table) {
        return Attributes.of(ExporterMetrics.SOURCE_ID, sourceId, ExporterMetrics.TABLE, table);
    }

    private static Optional<MetricData> metric(Collection<MetricData> data, String name) {
        return data.stream().filter(m -> m.getName().equals(name)).findFirst();
    }

    private static PointData point(Collection<MetricData> data, String name, Attributes attributes) {
        MetricData m = metric(data, name).orElseThrow(() -> new AssertionError("no metric " + name + " in " + data));
        return m.getData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes)).findFirst()
                .orElseThrow(() -> new AssertionError("no point " + attributes + " in " + m));
    }

    private static long longValue(Collection<MetricData> data, String name, Attributes attributes) {
        if (metric(data, name).isEmpty()) {
            return 0;
        }
        return ((LongPointData) point(data, name, attributes)).getValue();
    }

    private static double doubleValue(Collection<MetricData> data, String name, Attributes attributes) {
        return ((DoublePointData) point(data, name, attributes)).getValue();
    }
}
