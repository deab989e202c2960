package dev.synclog.agent.it.apps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.nio.client.methods.HttpAsyncMethods;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;

/**
 * A sync service on Apache HttpAsyncClient 4.1, written against the API 4.1.0 to 4.1.5 share. Makes one POST per
 * argument {@code overload:entity}, in order, waits for it and prints what its callback (or future) got. Overloads:
 * execute (request and callback), execute-context (with a context), host (target host and a relative request),
 * producer ({@code HttpAsyncMethods.create} and {@code createConsumer}), future (no callback: the future alone),
 * minimal (execute on {@code HttpAsyncClients.createMinimal()}), unstarted (execute on a client never started, which
 * throws); entities: bytes ({@code NByteArrayEntity}), nstring
 * ({@code NStringEntity}), cbytes (httpcore's classic {@code ByteArrayEntity}), stream (read once). Args: url
 * contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class ApacheAsync4SendApp {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        ContentType type = ContentType.parse(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        HttpHost host = new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme());
        try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
             CloseableHttpAsyncClient minimal = HttpAsyncClients.createMinimal();
             CloseableHttpAsyncClient unstarted = HttpAsyncClients.createDefault()) {
            client.start();
            minimal.start();
            for (int n = 0; n + 3 < args.length; n++) {
                String[] call = args[n + 3].split(":");
                String overload = call[0];
                byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
                HttpPost request = new HttpPost(overload.equals("host") ? URI.create(uri.getRawPath()) : uri);
                request.setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
                request.setEntity(entity(call[1], body, type));
                CloseableHttpAsyncClient used = overload.equals("minimal") ? minimal : overload.equals("unstarted") ? unstarted : client;
                String result;
                try {
                    result = execute(used, overload, host, request);
                } catch (IllegalStateException e) {
                    result = "ERROR " + e.getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result);
            }
        }
    }

    private static String execute(CloseableHttpAsyncClient client, String overload, HttpHost host, HttpPost request)
            throws Exception {
        Described callback = new Described();
        Future<HttpResponse> future = switch (overload) {
            case "execute", "minimal", "unstarted" -> client.execute(request, callback);
            case "execute-context" -> client.execute(request, HttpClientContext.create(), callback);
            case "host" -> client.execute(host, request, callback);
            case "producer" -> client.execute(HttpAsyncMethods.create(request), HttpAsyncMethods.createConsumer(), callback);
            case "future" -> client.execute(request, null);
            default -> throw new IllegalArgumentException("unknown overload " + overload);
        };
        if (overload.equals("future")) {
            try {
                return describe(future.get());
            } catch (ExecutionException e) {
                return "ERROR " + e.getCause().getClass().getName();
            }
        }
        String result = callback.result.get();
        // The future completes as the callback does: the same response, or the same failure.
        try {
            if (future.get() == null) {
                result += " (no response in the future!)";
            }
        } catch (ExecutionException e) {
            if (!result.equals("ERROR " + e.getCause().getClass().getName())) {
                result += " (the future failed otherwise: " + e.getCause() + ")";
            }
        }
        return result;
    }

    private static HttpEntity entity(String kind, byte[] body, ContentType type) {
        return switch (kind) {
            case "bytes" -> new NByteArrayEntity(body, type);
            case "nstring" -> new NStringEntity(new String(body, StandardCharsets.UTF_8), type);
            case "cbytes" -> new ByteArrayEntity(body, type);
            case "stream" -> new InputStreamEntity(new ByteArrayInputStream(body), body.length, type);
            default -> throw new IllegalArgumentException("unknown entity " + kind);
        };
    }

    static String describe(HttpResponse response) throws IOException {
        return "RESPONSE " + response.getStatusLine().getStatusCode() + " "
                + Base64.getEncoder().encodeToString(EntityUtils.toByteArray(response.getEntity()));
    }

    /** What the app's callback got, as it describes it on the I/O thread. */
    private static final class Described implements FutureCallback<HttpResponse> {
        final CompletableFuture<String> result = new CompletableFuture<>();

        @Override
        public void completed(HttpResponse response) {
            try {
                result.complete(describe(response));
            } catch (IOException e) {
                result.complete("ERROR reading the body: " + e);
            }
        }

        @Override
        public void failed(Exception ex) {
            result.complete("ERROR " + ex.getClass().getName());
        }

        @Override
        public void cancelled() {
            result.complete("CANCELLED");
        }
    }
}
