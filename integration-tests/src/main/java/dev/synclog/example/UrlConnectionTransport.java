package dev.synclog.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** {@link JsonTransport} over {@code HttpURLConnection}: how the audience client talks. */
public final class UrlConnectionTransport implements JsonTransport {
    private final int timeoutMillis;

    public UrlConnectionTransport(Duration timeout) {
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public HttpReply post(URI uri, String bearerToken, int run, byte[] json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(json.length);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Authorization", "Bearer " + bearerToken);
        connection.setRequestProperty("X-Sync-Run", Integer.toString(run));
        try (OutputStream out = connection.getOutputStream()) {
            out.write(json);
        }
        int status = connection.getResponseCode();
        // Error statuses put the body on the error stream; reading it fully lets the connection be reused.
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            byte[] body = in == null ? new byte[0] : in.readAllBytes();
            return new HttpReply(status, HttpReply.parseRetryAfter(connection.getHeaderField("Retry-After")), body);
        }
    }
}
