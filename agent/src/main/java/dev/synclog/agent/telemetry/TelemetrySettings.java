package dev.synclog.agent.telemetry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent's OpenTelemetry settings: OpenTelemetry's own keys with a {@code synclog.} prefix
 * ({@code -Dsynclog.otel.exporter.otlp.endpoint=…}, or {@code SYNCLOG_OTEL_EXPORTER_OTLP_ENDPOINT}). The prefix keeps
 * them apart from an OpenTelemetry agent the app may run with the plain {@code otel.*} keys: synclog never reads
 * those, and never exports unless an endpoint is given here.
 */
public record TelemetrySettings(String endpoint, Map<String, String> headers, String serviceName, Duration metricInterval) {
    static final String PREFIX = "synclog.";

    public static TelemetrySettings from(Function<String, String> systemProperty, Map<String, String> env) {
        Function<String, String> get = key -> {
            String value = systemProperty.apply(PREFIX + key);
            if (value == null) {
                value = env.get((PREFIX + key).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return value == null || value.isBlank() ? null : value.trim();
        };
        String endpoint = get.apply("otel.exporter.otlp.endpoint");
        String service = get.apply("otel.service.name");
        String interval = get.apply("otel.metric.export.interval");
        return new TelemetrySettings(endpoint == null ? null : endpoint.replaceAll("/+$", ""),
                headers(get.apply("otel.exporter.otlp.headers")),
                service == null ? "synclog-agent" : service,
                Duration.ofMillis(interval == null ? 60_000 : parseMillis(interval)));
    }

    public boolean exports() {
        return endpoint != null;
    }

    /** {@code key1=value1,key2=value2}, as OpenTelemetry writes them. */
    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    headers.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return headers;
    }

    private static long parseMillis(String text) {
        try {
            return Math.max(100, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("synclog.otel.metric.export.interval is '" + text
                    + "': give milliseconds, e.g. 60000");
        }
    }
}
