package dev.synclog.exporter.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

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

    /** @throws IllegalArgumentException for an {@code otel.*} setting the SDK refuses (the message says which) */
    public ExporterTelemetry() {
        String[] chosen = new String[1];
        try {
            sdk = autoConfigure(chosen);
        } catch (ConfigurationException | IllegalStateException e) {
            throw new IllegalArgumentException("OpenTelemetry configuration (otel.* / OTEL_*): " + rootMessage(e), e);
        }
        metricsExporter = chosen[0] == null ? "none" : chosen[0]; // null: otel.sdk.disabled, no customizer ran
        metrics = new ExporterMetrics(sdk);
    }

    private OpenTelemetrySdk autoConfigure(String[] chosenMetricsExporter) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(ExporterTelemetry::defaults)
                .addPropertiesCustomizer(config -> {
                    chosenMetricsExporter[0] = metricsExporter(config);
                    return Map.of(METRICS_EXPORTER, chosenMetricsExporter[0]);
                })
                .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(scrapeReader))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
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
        // The Java SDK still defaults OTLP to gRPC, which would need OkHttp or grpc-java in the jar; OTLP/HTTP goes
        // through the JDK's own HttpClient.
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
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
