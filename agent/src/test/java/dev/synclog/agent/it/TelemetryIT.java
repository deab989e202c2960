package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's spans and metrics leave the process over OTLP only when configured, and the rows carry the spans' ids. */
class TelemetryIT {
    private static final int CALLS = 5;

    @TempDir
    Path work;

    @Test
    void spansAndMetricsReachAnOtlpReceiverAndRowsCarryTheCallSpansIds() throws Exception {
        try (AudienceSync sync = new AudienceSync(work); OtlpReceiver collector = new OtlpReceiver()) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            sync.send(AgentProcess.withConfig(sync.writeConfig("", ""))
                            .jvmOption("-Dsynclog.otel.exporter.otlp.endpoint=" + collector.endpoint())
                            .jvmOption("-Dsynclog.otel.service.name=contact-sync"),
                    "jdk", body, CALLS, 1).assertOk();

            List<Span> spans = collector.traces.stream().flatMap(r -> r.getResourceSpansList().stream())
                    .flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream()).toList();
            List<Span> callSpans = spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
            assertThat(callSpans).hasSize(CALLS);
            List<Span> runSpans = spans.stream().filter(s -> s.getName().equals("sync run")).toList();
            // One run, one span: a call whose end the writer reads after the run's end stays under it.
            assertThat(runSpans).hasSize(1);
            Span runSpan = runSpans.get(0);
            assertThat(callSpans).allSatisfy(s -> {
                assertThat(s.getParentSpanId()).isEqualTo(runSpan.getSpanId());
                assertThat(attributes(s.getAttributesList())).containsEntry("http.request.method", "POST")
                        .containsEntry("http.response.status_code", "200").containsEntry("synclog.rows.attempted", "2");
            });
            assertThat(collector.traces.get(0).getResourceSpans(0).getResource().getAttributesList())
                    .anySatisfy(kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue()).isEqualTo("service.name=contact-sync"));

            RecordedEvents events = sync.recorded();
            assertThat(events.rows).hasSize(2 * CALLS);
            assertThat(events.rows.stream().map(r -> r.traceId() + "/" + r.spanId()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(callSpans.stream()
                            .map(s -> hex(s.getTraceId().toByteArray()) + "/" + hex(s.getSpanId().toByteArray())).toList());
            assertThat(events.runsStarted).allSatisfy(r -> assertThat(r.traceId()).isEqualTo(hex(runSpan.getTraceId().toByteArray())));

            Map<String, Long> rowsByStatus = collector.metrics.stream().flatMap(r -> r.getResourceMetricsList().stream())
                    .flatMap(r -> r.getScopeMetricsList().stream()).flatMap(s -> s.getMetricsList().stream())
                    .filter(m -> m.getName().equals("synclog.agent.rows")).map(Metric::getSum)
                    .flatMap(sum -> sum.getDataPointsList().stream())
                    .collect(Collectors.toMap(p -> attributes(p.getAttributesList()).get("synclog.status"),
                            NumberDataPoint::getAsInt, Math::max));
            Map<String, Long> recordedByStatus = events.rows.stream()
                    .collect(Collectors.groupingBy(r -> r.status(), Collectors.counting()));
            assertThat(rowsByStatus).isEqualTo(recordedByStatus);
        }
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        return list.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasIntValue()
                ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue()));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
