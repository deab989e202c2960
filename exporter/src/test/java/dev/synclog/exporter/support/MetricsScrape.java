package dev.synclog.exporter.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a forked exporter's metrics endpoint over loopback, as Prometheus would. */
public final class MetricsScrape {
    private static final Pattern LISTENING = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private MetricsScrape() {
    }

    /** The port the exporter logged it listens on, once it has. */
    public static OptionalInt port(Path exporterLog) throws IOException {
        if (!Files.exists(exporterLog)) {
            return OptionalInt.empty();
        }
        Matcher m = LISTENING.matcher(Files.readString(exporterLog));
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /metrics} as a map from sample (name and labels, as written) to value. */
    public static Map<String, Double> samples(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = get(port, "/metrics");
        if (r.statusCode() != 200) {
            throw new IOException("/metrics answered " + r.statusCode());
        }
        Map<String, Double> samples = new HashMap<>();
        r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
            int space = l.lastIndexOf(' ');
            samples.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1).replace("+Inf", "Infinity")));
        });
        return samples;
    }
}
