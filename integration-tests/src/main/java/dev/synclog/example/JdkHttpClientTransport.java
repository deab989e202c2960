package dev.synclog.example;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link JsonTransport} over {@code java.net.http.HttpClient}: how the CRM client talks. */
public final class JdkHttpClientTransport implements JsonTransport {
    private final HttpClient client;
    private final Duration timeout;

    public JdkHttpClientTransport(Duration timeout) {
        // HTTP/1.1: the loopback servers speak nothing else, and an h2c upgrade attempt would only add a header.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        this.timeout = timeout;
    }

    @Override
    public HttpReply post(URI uri, String bearerToken, int run, byte[] json) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .header("X-Sync-Run", Integer.toString(run))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new HttpReply(response.statusCode(),
                    HttpReply.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null)),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while posting to " + uri);
        }
    }
}
