package dev.synclog.agent.it.apps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.apache.hc.client5.http.entity.GzipCompressingEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

/**
 * A sync service on Apache HttpClient 5 (classic), written against the API 5.2 to 5.6 share. Makes one POST per
 * argument {@code overload:entity}, in order, and prints what it got. Overloads: execute, execute-context,
 * execute-host, execute-host-context, handler, handler-context, handler-host, handler-host-context; entities:
 * bytes (repeatable), stream (read once), gzip (bytes compressed as the client writes them).
 * Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class ApacheSendApp {
    private static final HttpClientResponseHandler<String> DESCRIBE = ApacheSendApp::describe;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        ContentType type = ContentType.parse(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        HttpHost host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            for (int n = 0; n + 3 < args.length; n++) {
                String[] call = args[n + 3].split(":");
                String overload = call[0];
                byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
                boolean viaHost = overload.contains("-host");
                ClassicHttpRequest request = new BasicClassicHttpRequest("POST", viaHost ? URI.create(uri.getRawPath()) : uri);
                request.setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
                if (OperationHeader.of(n) != null) {
                    request.setHeader(OperationHeader.NAME, OperationHeader.of(n));
                }
                request.setEntity(entity(call[1], body, type));
                String result;
                try {
                    result = execute(client, overload, host, request);
                } catch (IOException e) {
                    result = "ERROR " + e.getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result
                        + (request.getEntity() != null && request.getEntity().getClass().getName().startsWith("org.apache.") ? "" : " (entity changed!)"));
            }
        }
    }

    @SuppressWarnings("deprecation") // the CloseableHttpResponse overloads are deprecated in 5.6, still used widely
    private static String execute(CloseableHttpClient client, String overload, HttpHost host, ClassicHttpRequest request)
            throws IOException {
        return switch (overload) {
            case "execute" -> describeAndClose(client.execute(request));
            case "execute-context" -> describeAndClose(client.execute(request, HttpClientContext.create()));
            case "execute-host" -> describeAndClose(client.execute(host, request));
            case "execute-host-context" -> describeAndClose(client.execute(host, request, HttpClientContext.create()));
            case "handler" -> client.execute(request, DESCRIBE);
            case "handler-context" -> client.execute(request, HttpClientContext.create(), DESCRIBE);
            case "handler-host" -> client.execute(host, request, DESCRIBE);
            case "handler-host-context" -> client.execute(host, request, HttpClientContext.create(), DESCRIBE);
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
        try (response) {
            return describe(response);
        }
    }

    private static String describe(ClassicHttpResponse response) throws IOException {
        return "RESPONSE " + response.getCode() + " " + Base64.getEncoder().encodeToString(EntityUtils.toByteArray(response.getEntity()));
    }
}
