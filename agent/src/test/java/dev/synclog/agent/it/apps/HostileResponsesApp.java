package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Posts three members to {@code baseUrl + k} for k = 0 … count-1, one call at a time, and prints exactly what it
 * saw of each response (status, body length and SHA-256, or the exception's class), so that runs with and without
 * the agent can be compared byte for byte. Args: client(jdk|urlconn) baseUrl count
 */
public final class HostileResponsesApp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    public static void main(String[] args) throws Exception {
        String client = args[0];
        String baseUrl = args[1];
        int count = Integer.parseInt(args[2]);
        HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
        for (int k = 0; k < count; k++) {
            URI uri = URI.create(baseUrl + k);
            byte[] body = members(k).getBytes(StandardCharsets.UTF_8);
            String seen;
            try {
                seen = client.equals("jdk") ? jdk(httpClient, uri, body) : urlConnection(uri, body);
            } catch (Exception e) {
                seen = "ERROR " + e.getClass().getName();
            }
            System.out.println(k + " " + seen);
        }
    }

    /** The request rows of call {@code k}: ids {@code k-0}, {@code k-1}, {@code k-2}. */
    public static String members(int k) {
        return "{\"members\":[{\"id\":\"" + k + "-0\",\"email\":\"a" + k + "@x.io\"},{\"id\":\"" + k + "-1\",\"email\":\"b" + k
                + "@x.io\"},{\"id\":\"" + k + "-2\",\"email\":\"c" + k + "@x.io\"}]}";
    }

    private static String jdk(HttpClient client, URI uri, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return describe(response.statusCode(), response.body());
    }

    private static String urlConnection(URI uri, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout((int) TIMEOUT.toMillis());
        c.setReadTimeout((int) TIMEOUT.toMillis());
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        return describe(status, SendApp.responseBody(c, status));
    }

    private static String describe(int status, byte[] body) {
        try {
            return status + " " + body.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
