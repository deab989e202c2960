package dev.synclog.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

class SdkTelemetryTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final SdkTelemetry telemetry = new SdkTelemetry(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build(),
            SdkMeterProvider.builder().registerMetricReader(metrics).build());

    @Test
    void aRunSpanWithOneChildSpanPerCallCarryingTheRowCountsAndTheCallsOwnTimes() {
        Span run = telemetry.startRun("r1", 1_000_000L, List.of("contacts"));
        Span call = telemetry.recordCall(run, new AgentTelemetry.CallFacts("contacts", "r1", "upsert", "hubspot", "POST",
                "http://127.0.0.1:8080/crm/v3/objects/contacts/batch/upsert", 207, null, 98, 2, 1_100_000L, 1_350_000L));
        telemetry.recordCall(run, new AgentTelemetry.CallFacts("contacts", "r1", "upsert", "hubspot", "POST",
                "http://127.0.0.1:8080/crm/v3/objects/contacts/batch/upsert", 0, "java.net.ConnectException", 0, 3,
                1_400_000L, 1_500_000L));
        telemetry.endRun(run, "failed", "java.lang.IllegalStateException: boom", 2_000_000L);

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(3);
        SpanData runSpan = finished.get(2);
        assertThat(runSpan.getName()).isEqualTo("sync run");
        assertThat(runSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(runSpan.getStartEpochNanos()).isEqualTo(1_000_000_000L);
        assertThat(runSpan.getEndEpochNanos()).isEqualTo(2_000_000_000L);

        SpanData first = finished.get(0);
        assertThat(first.getSpanId()).isEqualTo(call.getSpanContext().getSpanId());
        assertThat(first.getParentSpanId()).isEqualTo(runSpan.getSpanId());
        assertThat(first.getTraceId()).isEqualTo(runSpan.getTraceId());
        assertThat(first.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(first.getName()).isEqualTo("POST");
        assertThat(first.getStartEpochNanos()).isEqualTo(1_100_000_000L);
        assertThat(first.getEndEpochNanos()).isEqualTo(1_350_000_000L);
        assertThat(first.getAttributes().asMap()).containsAllEntriesOf(Map.of(
                SdkTelemetry.HTTP_METHOD, "POST",
                SdkTelemetry.HTTP_STATUS, 207L,
                SdkTelemetry.URL_FULL, "http://127.0.0.1:8080/crm/v3/objects/contacts/batch/upsert",
                SdkTelemetry.SERVER_ADDRESS, "127.0.0.1",
                SdkTelemetry.SERVER_PORT, 8080L,
                SdkTelemetry.SYNC_ID, "contacts",
                SdkTelemetry.RUN_ID, "r1",
                SdkTelemetry.ROWS_ATTEMPTED, 100L,
                SdkTelemetry.ROWS_SUCCEEDED, 98L,
                SdkTelemetry.ROWS_FAILED, 2L));
        assertThat(finished.get(1).getAttributes().get(SdkTelemetry.ERROR_TYPE)).isEqualTo("java.net.ConnectException");
        assertThat(finished.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void eachCallsServerIsItsOwnUrlsWhenUrlsAlternate() {
        Span run = telemetry.startRun("r1", 0, List.of("contacts"));
        List<String> urls = List.of("http://crm.test:8080/upsert", "http://audience.test/add", "java:com.acme.Api#send",
                "http://crm.test:8080/upsert");
        for (String url : urls) {
            telemetry.recordCall(run, new AgentTelemetry.CallFacts("contacts", "r1", "e", "crm", "POST", url, 200, null,
                    1, 0, 0, 1));
        }

        List<SpanData> calls = spans.getFinishedSpanItems();
        assertThat(calls).extracting(c -> c.getAttributes().get(SdkTelemetry.SERVER_ADDRESS) + " "
                        + c.getAttributes().get(SdkTelemetry.SERVER_PORT))
                .containsExactly("crm.test 8080", "audience.test null", " null", "crm.test 8080");
    }

    @Test
    void rowCountersByDestinationAndStatusDropsByReasonAndCallDurations() {
        Span run = telemetry.startRun("r1", 0, List.of("contacts"));
        String url = "http://127.0.0.1/batch";
        telemetry.recordCall(run, new AgentTelemetry.CallFacts("contacts", "r1", "e", "crm", "POST", url, 200,
                null, 7, 3, 0, 250_000));
        telemetry.recordCall(run, new AgentTelemetry.CallFacts("contacts", "r1", "e", "crm", "POST", url, 200,
                null, 5, 0, 0, 750_000));
        telemetry.dropped("disk_low", 4);

        Map<String, MetricData> byName = new java.util.HashMap<>();
        metrics.collectAllMetrics().forEach(m -> byName.put(m.getName(), m));
        assertThat(sums(byName.get("synclog.agent.rows"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "crm/succeeded", 12L, "crm/failed", 3L));
        LongPointData drops = byName.get("synclog.agent.events.dropped").getLongSumData().getPoints().iterator().next();
        assertThat(drops.getValue()).isEqualTo(4);
        assertThat(drops.getAttributes().get(SdkTelemetry.REASON)).isEqualTo("disk_low");
        var duration = byName.get("synclog.agent.call.duration").getHistogramData().getPoints().iterator().next();
        assertThat(duration.getCount()).isEqualTo(2);
        assertThat(duration.getSum()).isEqualTo(1.0);
        assertThat(byName).containsKey("synclog.agent.errors");
    }

    private static Map<String, Long> sums(MetricData metric) {
        Map<String, Long> sums = new java.util.HashMap<>();
        for (LongPointData p : metric.getLongSumData().getPoints()) {
            sums.put(p.getAttributes().get(SdkTelemetry.DESTINATION) + "/" + p.getAttributes().get(SdkTelemetry.STATUS),
                    p.getValue());
        }
        return sums;
    }
}
