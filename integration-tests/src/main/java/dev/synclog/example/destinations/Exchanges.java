package dev.synclog.example.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading requests and writing JSON answers, the same way for every endpoint. */
final class Exchanges {
    static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    /** The caller's run number from {@code X-Sync-Run}; 0 for requests that do not say (e.g. curl by hand). */
    static int run(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("X-Sync-Run");
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean authorized(HttpExchange exchange, String token) {
        return ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    /**
     * The array {@code field} of the JSON request body, or null after answering 400 (in the API's error style)
     * when the body is not JSON or has no such array.
     */
    static JsonNode readArray(HttpExchange exchange, String field, ErrorStyle errors) throws IOException {
        JsonNode array;
        try (InputStream in = exchange.getRequestBody()) {
            array = JSON.readTree(in).path(field);
        } catch (IOException e) {
            send(exchange, 400, errors.body(400, "request body is not JSON: " + e.getMessage()));
            return null;
        }
        if (!array.isArray()) {
            send(exchange, 400, errors.body(400, "request body must be {\"" + field + "\": [...]}"));
            return null;
        }
        return array;
    }

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
