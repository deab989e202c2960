package dev.synclog.exporter.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The exporter's HTTP endpoint: {@code /metrics} (Prometheus text), {@code /health/live} (the process answers)
 * and {@code /health/ready} (200 while connected to the warehouse and reading the queues, 503 otherwise). The
 * JDK's own server on one thread: scrapes are rare and small, and no other HTTP stack comes into the jar.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread;

    public MetricsEndpoint(String host, int port, ScrapeReader reader, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "synclog-exporter-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.createContext("/metrics", getOnly(exchange ->
                respond(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.format(reader.collect()))));
        server.createContext("/health/live", getOnly(exchange -> respond(exchange, 200, "text/plain", "live\n")));
        server.createContext("/health/ready", getOnly(exchange -> {
            boolean isReady = ready.getAsBoolean();
            respond(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready\n");
        }));
        server.start();
    }

    /** The bound port: the one asked for, or the one the system chose for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }

    /** Exact paths and GET/HEAD only; the JDK matches contexts by prefix. */
    private static HttpHandler getOnly(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (!path.equals(exchange.getHttpContext().getPath())) {
                    respond(exchange, 404, "text/plain", "not found\n");
                } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    respond(exchange, 405, "text/plain", "method not allowed\n");
                } else {
                    handler.handle(exchange);
                }
            } catch (RuntimeException e) {
                // A failed scrape must not take the exporter down; the scraper sees the connection drop.
            }
        };
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
