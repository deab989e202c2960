package dev.synclog.agent.it.apps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.entity.GzipCompressingEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.client.LaxRedirectStrategy;
import org.apache.http.util.EntityUtils;

/**
 * A sync service on Apache HttpClient 4, written against the API 4.3 to 4.5 share. Makes one POST per argument
 * {@code overload:entity}, in order, and prints what it got. Overloads: execute, execute-context, execute-host,
 * execute-host-context, handler, handler-context, handler-host, handler-host-context (on
 * {@code HttpClients.createDefault()}), redirect (execute on a client that follows a 307 for a POST), legacy (the deprecated {@code DefaultHttpClient}, the only client of
 * 4.2 and older, through {@link LegacyClient}), decompressing and autoretry (execute on the deprecated wrappers
 * {@code DecompressingHttpClient} and {@code AutoRetryHttpClient}, the latter retrying a 503 once); entities: bytes (repeatable), stream (read once), gzip (bytes
 * compressed as the client writes them). Args: url contentType bodyFile call... A {@code {n}} in the body is the
 * call's number.
 */
public final class ApacheHttp4SendApp {
    private static final ResponseHandler<String> DESCRIBE = ApacheHttp4SendApp::describe;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        ContentType type = ContentType.parse(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        HttpHost host = new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme());
        CloseableHttpClient client = null;
        for (int n = 0; n + 3 < args.length; n++) {
            String[] call = args[n + 3].split(":");
            String overload = call[0];
            byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
            boolean viaHost = overload.contains("-host");
            HttpPost request = new HttpPost(viaHost ? URI.create(uri.getRawPath()) : uri);
            request.setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
            if (OperationHeader.of(n) != null) {
                request.setHeader(OperationHeader.NAME, OperationHeader.of(n));
            }
            request.setEntity(entity(call[1], body, type));
            String result;
            try {
                if (overload.equals("legacy")) {
                    result = LegacyClient.execute(request);
                } else if (overload.equals("decompressing") || overload.equals("autoretry")) {
                    try (CloseableHttpClient wrapped = HttpClients.createDefault()) {
                        result = describe(Wrappers.of(overload, wrapped).execute(request));
                    }
                } else if (overload.equals("redirect")) {
                    try (CloseableHttpClient following = HttpClients.custom().setRedirectStrategy(new LaxRedirectStrategy()).build()) {
                        result = describeAndClose(following.execute(request));
                    }
                } else {
                    client = client != null ? client : HttpClients.createDefault();
                    result = execute(client, overload, host, request);
                }
            } catch (IOException e) {
                result = "ERROR " + e.getClass().getName();
            }
            System.out.println(args[n + 3] + " " + result
                    + (request.getEntity().getClass().getName().startsWith("org.apache.") ? "" : " (entity changed!)"));
        }
        if (client != null) {
            client.close();
        }
    }

    private static String execute(CloseableHttpClient client, String overload, HttpHost host, HttpPost request)
            throws IOException {
        return switch (overload) {
            case "execute" -> describeAndClose(client.execute(request));
            case "execute-context" -> describeAndClose(client.execute(request, HttpClientContext.create()));
            case "execute-host" -> describeAndClose(client.execute(host, request));
            case "execute-host-context" -> describeAndClose(client.execute(host, request, HttpClientContext.create()));
            case "handler" -> client.execute(request, DESCRIBE);
            case "handler-context" -> client.execute(request, DESCRIBE, HttpClientContext.create());
            case "handler-host" -> client.execute(host, request, DESCRIBE);
            case "handler-host-context" -> client.execute(host, request, DESCRIBE, HttpClientContext.create());
            default -> throw new IllegalArgumentException("unknown overload " + overload);
        };
    }

    private static HttpEntity entity(String kind, byte[] body, ContentType type) {
        return switch (kind) {
            case "bytes" -> new ByteArrayEntity(body, type);
            case "stream" -> new InputStreamEntity(new ByteArrayInputStream(body), body.length, type);
            case "gzip" -> new GzipCompressingEntity(new ByteArrayEntity(body, type));
            default -> throw new IllegalArgumentException("unknown entity " + kind);
        };
    }

    private static String describeAndClose(CloseableHttpResponse response) throws IOException {
        try {
            return describe(response);
        } finally {
            response.close();
        }
    }

    static String describe(HttpResponse response) throws IOException {
        return "RESPONSE " + response.getStatusLine().getStatusCode() + " "
                + Base64.getEncoder().encodeToString(EntityUtils.toByteArray(response.getEntity()));
    }

    private static final class Wrappers {
        @SuppressWarnings("deprecation")
        static org.apache.http.client.HttpClient of(String overload, CloseableHttpClient wrapped) {
            return overload.equals("decompressing") ? new org.apache.http.impl.client.DecompressingHttpClient(wrapped)
                    : new org.apache.http.impl.client.AutoRetryHttpClient(wrapped,
                            new org.apache.http.impl.client.DefaultServiceUnavailableRetryStrategy(1, 100));
        }
    }

    /** Kept apart so that a 4.2 run never links the 4.3 types above. */
    private static final class LegacyClient {
        @SuppressWarnings("deprecation")
        static String execute(HttpPost request) throws IOException {
            org.apache.http.client.HttpClient client = new org.apache.http.impl.client.DefaultHttpClient();
            try {
                return describe(client.execute(request));
            } finally {
                client.getConnectionManager().shutdown();
            }
        }
    }
}
