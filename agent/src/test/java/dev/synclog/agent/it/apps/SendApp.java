package dev.synclog.agent.it.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A stand-in sync service: sends one body to one URL with the chosen client, {@code calls} times on
 * {@code threads} threads, and prints what it got back, so a test can compare with and without the agent.
 * A {@code {n}} in the body is replaced by the call's number (0, 1, …), so concurrent calls carry distinct row ids.
 * Call n names its operation in a header when the test asks ({@link OperationHeader}).
 * Args: client(jdk|jdk-async|urlconn) method url contentType|- contentEncoding|- bodyFile|- [calls] [threads]
 */
public final class SendApp {
    public static void main(String[] args) throws Exception {
        String client = args[0];
        String method = args[1];
        URI uri = URI.create(args[2]);
        String contentType = dash(args[3]);
        String contentEncoding = dash(args[4]);
        byte[] template = dash(args[5]) == null ? null : Files.readAllBytes(Path.of(args[5]));
        int calls = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        int threads = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        HttpClient httpClient = HttpClient.newHttpClient();
        for (int i = 0; i < calls; i++) {
            byte[] body = numbered(template, i);
            String operation = OperationHeader.of(i);
            results.add(pool.submit(() -> {
                try {
                    return switch (client) {
                        case "jdk" -> describe(httpClient.send(request(method, uri, contentType, contentEncoding, operation, body),
                                HttpResponse.BodyHandlers.ofByteArray()));
                        case "jdk-async" -> describe(httpClient.sendAsync(request(method, uri, contentType, contentEncoding, operation, body),
                                HttpResponse.BodyHandlers.ofByteArray()).join());
                        case "urlconn" -> urlConnection(method, uri, contentType, contentEncoding, operation, body);
                        default -> throw new IllegalArgumentException("unknown client " + client);
                    };
                } catch (Exception e) {
                    Throwable t = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                    return "ERROR " + t.getClass().getName();
                }
            }));
        }
        for (Future<String> result : results) {
            System.out.println(result.get());
        }
        pool.shutdown();
    }

    private static HttpRequest request(String method, URI uri, String contentType, String contentEncoding, String operation,
                                       byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer sk_live_TOPSECRET_TOKEN")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            b.header("Content-Encoding", contentEncoding);
        }
        if (operation != null) {
            b.header(OperationHeader.NAME, operation);
        }
        return b.build();
    }

    private static String urlConnection(String method, URI uri, String contentType, String contentEncoding, String operation,
                                        byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
        if (contentType != null) {
            c.setRequestProperty("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            c.setRequestProperty("Content-Encoding", contentEncoding);
        }
        if (operation != null) {
            c.setRequestProperty(OperationHeader.NAME, operation);
        }
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        return "RESPONSE " + status + " " + Base64.getEncoder().encodeToString(responseBody(c, status));
    }

    /** The body as the app reads it: the error stream from 400 on, none at all when the server sent none. */
    static byte[] responseBody(HttpURLConnection c, int status) throws IOException {
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (in != null) {
            try (in) {
                in.transferTo(bytes);
            }
        }
        return bytes.toByteArray();
    }

    private static String describe(HttpResponse<byte[]> response) {
        return "RESPONSE " + response.statusCode() + " " + Base64.getEncoder().encodeToString(response.body());
    }

    /** ISO-8859-1 maps every byte to one char and back, so binary (gzip) bodies pass through unchanged. */
    private static byte[] numbered(byte[] template, int callNumber) {
        if (template == null) {
            return null;
        }
        String text = new String(template, StandardCharsets.ISO_8859_1);
        return text.contains("{n}") ? text.replace("{n}", Integer.toString(callNumber)).getBytes(StandardCharsets.ISO_8859_1)
                : template;
    }

    private static String dash(String s) {
        return "-".equals(s) ? null : s;
    }
}
