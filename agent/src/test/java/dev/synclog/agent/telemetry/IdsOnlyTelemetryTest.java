package dev.synclog.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;

class IdsOnlyTelemetryTest {
    private static final String URL = "http://127.0.0.1/batch";

    @Test
    void withoutAnEndpointOnlyIdsAreMadeInTheFormTheSdkMakesThem() {
        AgentTelemetry telemetry = AgentTelemetry.create(TelemetrySettings.from(key -> null, Map.of()));
        assertThat(telemetry).isInstanceOf(IdsOnlyTelemetry.class);

        Set<String> spanIds = new HashSet<>();
        Set<String> traceIds = new HashSet<>();
        for (int run = 0; run < 50; run++) {
            SpanContext runSpan = telemetry.startRun("r" + run, 0, List.of("contacts")).getSpanContext();
            Span call = telemetry.recordCall(telemetry.startRun("unused", 0, List.of()), facts());
            Span ownCall = telemetry.recordCall(Span.wrap(runSpan), facts());
            assertThat(runSpan.isValid()).isTrue();
            assertThat(runSpan.getTraceId()).matches("[0-9a-f]{32}");
            assertThat(runSpan.getSpanId()).matches("[0-9a-f]{16}");
            assertThat(ownCall.getSpanContext().getTraceId()).as("a call's span is in its run's trace")
                    .isEqualTo(runSpan.getTraceId());
            assertThat(ownCall.getSpanContext().isValid()).isTrue();
            traceIds.add(runSpan.getTraceId());
            spanIds.add(runSpan.getSpanId());
            spanIds.add(ownCall.getSpanContext().getSpanId());
            spanIds.add(call.getSpanContext().getSpanId());
        }
        assertThat(traceIds).hasSize(50);
        assertThat(spanIds).hasSize(150);
    }

    private static AgentTelemetry.CallFacts facts() {
        return new AgentTelemetry.CallFacts("contacts", "r", "e", "crm", "POST", URL, 200, null, 1, 0, 0, 1);
    }
}
