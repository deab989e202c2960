package dev.synclog.agent.telemetry;

import java.net.URI;
import java.net.URISyntaxException;
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

    /**
     * @throws IllegalArgumentException "problem; fix" naming the property or variable, when a value is unusable: read
     *                                  at start-up, so that a typo is one line then, not a failing exporter later
     */
    public static TelemetrySettings from(Function<String, String> systemProperty, Map<String, String> env) {
        Function<String, Setting> get = key -> {
            String value = systemProperty.apply(PREFIX + key);
            String name = "-D" + PREFIX + key;
            if (value == null) {
                name = (PREFIX + key).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
                value = env.get(name);
            }
            return value == null || value.isBlank() ? null : new Setting(name, value.trim());
        };
        Setting endpoint = get.apply("otel.exporter.otlp.endpoint");
        Setting service = get.apply("otel.service.name");
        Setting interval = get.apply("otel.metric.export.interval");
        return new TelemetrySettings(endpoint == null ? null : endpoint(endpoint),
                headers(get.apply("otel.exporter.otlp.headers")),
                service == null ? "synclog-agent" : service.value(),
                Duration.ofMillis(interval == null ? 60_000 : millis(interval)));
    }

    public boolean exports() {
        return endpoint != null;
    }

    private record Setting(String name, String value) {
    }

    /** The collector's base URL; the signal paths (/v1/traces, /v1/metrics) are added to it. */
    private static String endpoint(Setting setting) {
        String fix = "; write the collector's OTLP/HTTP base URL, e.g. " + setting.name() + "=http://localhost:4318";
        URI uri;
        try {
            uri = new URI(setting.value());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting.name() + " is '" + setting.value() + "', not a URL (" + e.getReason()
                    + ")" + fix);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(setting.name() + " is '" + setting.value() + "', not an http:// or https://"
                    + " URL with a host" + fix);
        }
        return setting.value().replaceAll("/+$", "");
    }

    /** {@code key1=value1,key2=value2}, as OpenTelemetry writes them. Values are secrets: never quoted back. */
    private static Map<String, String> headers(Setting setting) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (setting != null) {
            String[] pairs = setting.value().split(",");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                if (eq <= 0 || pairs[i].substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException(setting.name() + " has no 'name=value' in its header " + (i + 1)
                            + " of " + pairs.length + "; write name=value pairs separated by commas, e.g. "
                            + setting.name() + "=api-key=KEY,team=data");
                }
                headers.put(pairs[i].substring(0, eq).trim(), pairs[i].substring(eq + 1).trim());
            }
        }
        return headers;
    }

    private static long millis(Setting setting) {
        try {
            return Math.max(100, Long.parseLong(setting.value()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.name() + " is '" + setting.value() + "', not a number of"
                    + " milliseconds; write e.g. " + setting.name() + "=60000");
        }
    }
}
