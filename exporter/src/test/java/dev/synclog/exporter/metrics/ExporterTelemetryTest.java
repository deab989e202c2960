package dev.synclog.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;

/** Nothing is pushed anywhere unless the user configured it. */
class ExporterTelemetryTest {
    @Test
    void withoutConfigurationMetricsGoNowhere() {
        assertThat(chosen(Map.of())).isEqualTo("none");
        assertThat(chosen(Map.of("otel.service.name", "x"))).isEqualTo("none");
    }

    @Test
    void anOtlpEndpointTurnsOtlpOn() {
        assertThat(chosen(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318"))).isEqualTo("otlp");
        assertThat(chosen(Map.of("otel.exporter.otlp.metrics.endpoint", "http://collector:4318/v1/metrics")))
                .isEqualTo("otlp");
    }

    @Test
    void anExplicitChoiceWins() {
        assertThat(chosen(Map.of("otel.metrics.exporter", "none", "otel.exporter.otlp.endpoint", "http://c:4318")))
                .isEqualTo("none");
        assertThat(chosen(Map.of("otel.metrics.exporter", "otlp"))).isEqualTo("otlp");
    }

    private static String chosen(Map<String, String> properties) {
        return ExporterTelemetry.metricsExporter(DefaultConfigProperties.createFromMap(properties));
    }
}
