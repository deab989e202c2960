package dev.synclog.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The destination servers running in their own process, and what tests ask of them. */
final class Destinations implements AutoCloseable {
    static final String MAIN = "dev.synclog.example.destinations.DestinationServers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaProcess process;
    final Path portFile;
    private final Properties urls = new Properties();

    private Destinations(JavaProcess process, Path portFile) {
        this.process = process;
        this.portFile = portFile;
    }

    static Destinations start(Path workDir, String token) throws Exception {
        Path portFile = workDir.resolve("destinations.properties");
        Destinations destinations = new Destinations(JavaProcess.start(workDir, MAIN, "--port-file", portFile.toString(),
                "--token", token, "--exit-on-stdin-close"), portFile);
        destinations.awaitPortFile();
        return destinations;
    }

    private void awaitPortFile() throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("destination servers did not write " + portFile + "\n" + process.output());
            }
            Thread.sleep(20);
        }
        try (InputStream in = Files.newInputStream(portFile)) {
            urls.load(in);
        }
    }

    /** A server's base URL by its key in the port file: {@code crm.url}, {@code audience.url}. */
    String url(String key) {
        return urls.getProperty(key);
    }

    /** {@code {"runs":{"1":{"rows":{…},"failures":{…}}}}}. */
    JsonNode summary() throws IOException, InterruptedException {
        return get(urls.getProperty("ground-truth.url") + "/summary").path("runs");
    }

    /** Rows the servers have answered so far, over every run: a cheap progress meter. */
    long rowsAnswered() throws IOException, InterruptedException {
        long rows = 0;
        for (JsonNode run : summary()) {
            for (JsonNode destination : run.path("rows")) {
                for (JsonNode op : destination) {
                    for (JsonNode count : op) {
                        rows += count.asLong();
                    }
                }
            }
        }
        return rows;
    }

    /** {@code [{"run":1,"destination":"crm","rowId":…},…]}. */
    JsonNode outcomes() throws IOException, InterruptedException {
        return get(urls.getProperty("ground-truth.url")).path("outcomes");
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
