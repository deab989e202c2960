package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.exporter.run.StatusFile;
import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.OtlpReceiver;
import dev.synclog.exporter.support.TestQueue;

/** OTLP export from the packaged exporter, configured only the OpenTelemetry way (otel.* properties). */
class OtlpExportIT {
    @TempDir
    Path tmp;

    @Test
    void metricsArriveAtTheConfiguredOtlpEndpoint() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q")); OtlpReceiver collector = new OtlpReceiver(0)) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "a", "added", "{}", 2).runFinished("s", "r", "succeeded", null, 3);
            // --once: the last export happens as the SDK shuts down, so no export interval needs waiting for.
            int exit = runOnce(q, List.of("-Dotel.exporter.otlp.endpoint=" + collector.endpoint(),
                    "-Dotel.service.name=exporter-under-test"));
            assertThat(exit).as(log()).isZero();
            assertThat(log()).contains("exporting metrics with otel.metrics.exporter=otlp");

            List<OtlpReceiver.Request> posts = collector.requests();
            assertThat(posts).as("OTLP requests received").isNotEmpty();
            OtlpReceiver.Request post = posts.get(posts.size() - 1);
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.path()).isEqualTo("/v1/metrics");
            assertThat(post.contentType()).isEqualTo("application/x-protobuf");
            assertThat(post.body()).isNotEmpty();
            assertThat(posts).anySatisfy(p -> assertThat(p.contains("synclog.exporter.rows.loaded")
                    && p.contains(q.sourceId) && p.contains("exporter-under-test")).isTrue());
        }
    }

    @Test
    void aStoppedExporterSendsItsLastNumbersBeforeExiting() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q")); OtlpReceiver collector = new OtlpReceiver(0)) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "a", "added", "{}", 2).runFinished("s", "r", "succeeded", null, 3);
            // An export interval of an hour: whatever arrives was sent by the shutdown.
            Process exporter = ExporterProcess.start(tmp.resolve("exporter.log"),
                    List.of("-Dotel.exporter.otlp.endpoint=" + collector.endpoint(), "-Dotel.metric.export.interval=3600000"),
                    "run", "--queue", q.dir.toString(), "--warehouse", "jdbc:duckdb:" + tmp.resolve("w.duckdb"));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MetricsEndpointIT.AWAIT_SECONDS);
                while (!loadedOneRow(q)) {
                    assertThat(System.nanoTime()).as("loaded within " + MetricsEndpointIT.AWAIT_SECONDS + " s: " + log())
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
                assertThat(collector.requests()).isEmpty();
                exporter.destroy(); // SIGTERM
                assertThat(exporter.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                exporter.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(collector.requests()).anySatisfy(p -> assertThat(p.path()).isEqualTo("/v1/metrics"))
                    .anySatisfy(p -> assertThat(p.contains("synclog.exporter.rows.loaded")).isTrue());
        }
    }

    private static boolean loadedOneRow(TestQueue q) {
        try {
            return StatusFile.read(q.dir).rowsLoadedTotal() == 1;
        } catch (IOException | RuntimeException notYetWritten) {
            return false;
        }
    }

    @Test
    void withoutConfigurationNothingIsSentToTheDefaultOtlpPort() throws Exception {
        OtlpReceiver defaultPort;
        try {
            defaultPort = new OtlpReceiver(4318); // where the SDK's own default would send metrics
        } catch (IOException inUse) {
            Assumptions.abort("port 4318 is taken on this machine: " + inUse.getMessage());
            return;
        }
        try (defaultPort; TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "a", "added", "{}", 2).runFinished("s", "r", "succeeded", null, 3);
            assertThat(runOnce(q, List.of())).as(log()).isZero();
            assertThat(log()).doesNotContain("exporting metrics");
            assertThat(defaultPort.requests()).isEmpty();
        }
    }

    @Test
    void anOtlpSettingThisJarCannotHonourIsABadCommandLine() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0);
            int exit = runOnce(q, List.of("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:9", // discard port: never used
                    "-Dotel.exporter.otlp.protocol=grpc"));
            assertThat(exit).as(log()).isEqualTo(2);
            assertThat(log()).contains("OpenTelemetry configuration (otel.* / OTEL_*): No GrpcSenderProvider");
        }
    }

    private int runOnce(TestQueue q, List<String> jvmArgs) throws Exception {
        Process exporter = ExporterProcess.start(tmp.resolve("exporter.log"), jvmArgs, "run", "--once", "--queue",
                q.dir.toString(), "--warehouse", "jdbc:duckdb:" + tmp.resolve("w.duckdb"));
        try {
            assertThat(exporter.waitFor(60, TimeUnit.SECONDS)).as("exporter finished").isTrue();
            return exporter.exitValue();
        } finally {
            exporter.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String log() throws IOException {
        return Files.readString(tmp.resolve("exporter.log"));
    }
}
