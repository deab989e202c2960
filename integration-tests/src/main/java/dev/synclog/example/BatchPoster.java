package dev.synclog.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Posts one batch and turns whatever happens into a {@link BatchResult}: a transport failure or an error
 * status fails every row of the batch; a success status is read by the destination-specific reader.
 */
final class BatchPoster {
    private final JsonTransport transport;
    private final String bearerToken;
    private final ObjectMapper json;

    BatchPoster(JsonTransport transport, String bearerToken, ObjectMapper json) {
        this.transport = transport;
        this.bearerToken = bearerToken;
        this.json = json;
    }

    BatchResult post(URI uri, int run, Object body, List<String> rowIds, Function<HttpReply, BatchResult> readSuccess) {
        HttpReply reply;
        try {
            reply = transport.post(uri, bearerToken, run, json.writeValueAsBytes(body));
        } catch (IOException e) {
            return BatchResult.allFailed(rowIds, "transport error: " + e);
        }
        if (reply.status() / 100 != 2) {
            return BatchResult.allFailed(rowIds, "HTTP " + reply.status() + ": " + errorMessage(reply.body()));
        }
        try {
            return readSuccess.apply(reply);
        } catch (UncheckedIOException e) {
            return BatchResult.allFailed(rowIds, "HTTP " + reply.status() + " with an unreadable body: " + e.getCause());
        }
    }

    JsonNode readTree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of HubSpot-style ({@code message}) and Google-style ({@code error.message}) error bodies. */
    private String errorMessage(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root != null && root.hasNonNull("message")) {
                return root.get("message").asText();
            }
            if (root != null && root.path("error").hasNonNull("message")) {
                return root.path("error").get("message").asText();
            }
        } catch (IOException notJson) {
            // fall through: report the raw body
        }
        return new String(body, StandardCharsets.UTF_8);
    }
}
