package dev.synclog.exporter.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/**
 * The exporter's OpenTelemetry SDK, configured the OpenTelemetry way: {@code otel.*} system properties and
 * {@code OTEL_*} environment variables, read by the SDK's autoconfigure module. Two defaults differ from the
 * SDK's, so that nothing leaves the machine unless asked for: the metrics exporter is {@code none} unless an
 * OTLP endpoint is configured (the SDK would otherwise push to localhost:4318), and traces and logs, which the
 * exporter does not produce, are {@code none}. The {@link ScrapeReader} behind {@code /metrics} is always
 * registered; it sends nothing by itself.
 */
public final class ExporterTelemetry implements AutoCloseable {
    static final String METRICS_EXPORTER = "otel.metrics.exporter";
    private static final String[] OTLP_ENDPOINTS = {"otel.exporter.otlp.endpoint", "otel.exporter.otlp.metrics.endpoint"};

    private final OpenTelemetrySdk sdk;
    private final ScrapeReader scrapeReader = new ScrapeReader();
    private final ExporterMetrics metrics;
    private final String metricsExporter;

    public ExporterTelemetry() {
        String[] chosen = new String[1];
        sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(ExporterTelemetry::defaults)
                .addPropertiesCustomizer(config -> {
                    chosen[0] = metricsExporter(config);
                    return Map.of(METRICS_EXPORTER, chosen[0]);
                })
                .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(scrapeReader))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        metricsExporter = chosen[0] == null ? "none" : chosen[0]; // null: otel.sdk.disabled, no customizer ran
        metrics = new ExporterMetrics(sdk);
    }

    public ExporterMetrics metrics() {
        return metrics;
    }

    public ScrapeReader scrapeReader() {
        return scrapeReader;
    }

    /** {@code none}, or where metrics are pushed (e.g. {@code otlp}): for the start-up log line. */
    public String metricsExporter() {
        return metricsExporter;
    }

    /** Flushes what a push exporter has not sent yet (the last batches before a stop), then shuts the SDK down. */
    @Override
    public void close() {
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "synclog-exporter");
        defaults.put("otel.traces.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        return defaults;
    }

    /** What the user chose; otherwise OTLP when they named an OTLP endpoint; otherwise nothing. */
    static String metricsExporter(ConfigProperties config) {
        String explicit = config.getString(METRICS_EXPORTER);
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        for (String endpoint : OTLP_ENDPOINTS) {
            String value = config.getString(endpoint);
            if (value != null && !value.isBlank()) {
                return "otlp";
            }
        }
        return "none";
    }
}
