package dev.synclog.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync logs join with traces: the trace ids the exporter loads into sync_changelog and sync_runs are those of the
 * spans the agent exported over OTLP (one trace per run; its call spans are children of the run's span).
 */
class TraceIdsIT {
    @TempDir
    Path dir;

    @Test
    void theWarehouseTraceIdsAreTheExportedRunTraces() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        collector.createContext("/v1/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v1/traces")) {
                exports.add(exchange.getRequestBody().readAllBytes());
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        Warehouse.Target target = Warehouse.DUCKDB.fresh(dir);
        try (Scenario scenario = Scenario.start(dir)) {
            scenario.prepareSource(1, 300);
            try (JavaProcess service = SyncService.start(dir, scenario.queue, scenario.destinations.portFile, scenario.source,
                    List.of("-Dsynclog.otel.exporter.otlp.endpoint=http://127.0.0.1:" + collector.getAddress().getPort()),
                    "--runs", "2")) {
                service.awaitSuccess(120);
            }
            ExporterSidecar.runOnce(dir, scenario.queue, target);
        } finally {
            collector.stop(0);
        }

        List<Span> spans = exports.stream().map(TraceIdsIT::parse).flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
        Set<String> runTraces = spans.stream().filter(s -> s.getName().equals("sync run"))
                .map(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray())).collect(Collectors.toSet());
        assertThat(runTraces).hasSize(2);
        assertThat(spans).filteredOn(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).isNotEmpty()
                .allSatisfy(s -> assertThat(runTraces).contains(HexFormat.of().formatHex(s.getTraceId().toByteArray())));

        assertThat(target.lines("SELECT DISTINCT trace_id FROM sync_changelog")).containsExactlyInAnyOrderElementsOf(runTraces);
        assertThat(target.lines("SELECT DISTINCT trace_id FROM sync_runs")).containsExactlyInAnyOrderElementsOf(runTraces);
    }

    private static ExportTraceServiceRequest parse(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the agent sent a body that is not OTLP protobuf", e);
        }
    }
}
