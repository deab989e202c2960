package dev.synclog.agent.it.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;

/**
 * A sync service on Apache HttpClient 5's async client, written against the API 5.2 to 5.6 share. Makes one POST per
 * argument {@code client:body}, in order, waits for it and prints what it got. Clients: future (the default client,
 * waiting on the future), callback (the default client, a callback completing the wait), minimal
 * ({@code createMinimal()}, future). Bodies: simple-bytes, simple-text ({@code SimpleHttpRequest}), bytes, string
 * ({@code AsyncRequestBuilder} with {@code AsyncEntityProducers}), gzip (bytes the app compressed, sent with
 * {@code Content-Encoding: gzip}, as Elasticsearch's client compresses), host-bytes (a path-only {@code SimpleHttpRequest} sent to an {@code HttpHost}).
 * Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class ApacheAsyncSendApp {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        ContentType type = ContentType.parse(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        HttpHost host = new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort());
        try (CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
             CloseableHttpAsyncClient minimal = HttpAsyncClients.createMinimal()) {
            client.start();
            minimal.start();
            for (int n = 0; n + 3 < args.length; n++) {
                String[] call = args[n + 3].split(":");
                byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
                String result;
                try {
                    SimpleHttpResponse response = send(call[0].equals("minimal") ? minimal : client, call[0],
                            request(call[1], uri, host, body, type, n), call[1].startsWith("host-") ? host : null);
                    result = "RESPONSE " + response.getCode() + " " + Base64.getEncoder().encodeToString(bytes(response));
                } catch (ExecutionException e) {
                    result = "ERROR " + e.getCause().getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result);
            }
        }
    }

    private static SimpleHttpResponse send(CloseableHttpAsyncClient client, String how, AsyncRequestProducer request,
                                           HttpHost host) throws Exception {
        if (how.equals("callback")) {
            CompletableFuture<SimpleHttpResponse> done = new CompletableFuture<>();
            client.execute(request, SimpleResponseConsumer.create(), new FutureCallback<SimpleHttpResponse>() {
                @Override
                public void completed(SimpleHttpResponse response) {
                    done.complete(response);
                }

                @Override
                public void failed(Exception ex) {
                    done.completeExceptionally(ex);
                }

                @Override
                public void cancelled() {
                    done.cancel(false);
                }
            });
            return done.get();
        }
        Future<SimpleHttpResponse> future = host != null
                ? client.execute(host, request, SimpleResponseConsumer.create(), null, HttpClientContext.create(), null)
                : client.execute(request, SimpleResponseConsumer.create(), null);
        return future.get();
    }

    private static AsyncRequestProducer request(String kind, URI uri, HttpHost host, byte[] body, ContentType type, int n)
            throws Exception {
        HttpRequest headers;
        AsyncRequestProducer producer;
        if (kind.startsWith("simple-") || kind.startsWith("host-")) {
            SimpleHttpRequest request = kind.startsWith("host-") ? new SimpleHttpRequest("POST", URI.create(uri.getRawPath()))
                    : SimpleHttpRequest.create("POST", uri);
            if (kind.endsWith("-text")) {
                request.setBody(new String(body, StandardCharsets.UTF_8), type);
            } else {
                request.setBody(body, type);
            }
            headers = request;
            producer = SimpleRequestProducer.create(request);
        } else {
            AsyncRequestBuilder builder = AsyncRequestBuilder.post(uri).setEntity(entity(kind, body, type));
            builder.setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
            if (OperationHeader.of(n) != null) {
                builder.setHeader(OperationHeader.NAME, OperationHeader.of(n));
            }
            return builder.build();
        }
        headers.setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
        if (OperationHeader.of(n) != null) {
            headers.setHeader(OperationHeader.NAME, OperationHeader.of(n));
        }
        return producer;
    }

    private static AsyncEntityProducer entity(String kind, byte[] body, ContentType type) throws IOException {
        return switch (kind) {
            case "bytes" -> AsyncEntityProducers.create(body, type);
            case "string" -> AsyncEntityProducers.create(new String(body, StandardCharsets.UTF_8), type);
            case "gzip" -> AsyncEntityProducers.create(gzip(body), type, new BasicHeader("Content-Encoding", "gzip"));
            default -> throw new IllegalArgumentException("unknown body " + kind);
        };
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(SimpleHttpResponse response) {
        byte[] bytes = response.getBodyBytes();
        return bytes != null ? bytes : new byte[0];
    }
}
