package dev.synclog.agent.it.apps;

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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;

/**
 * A sync service whose client speaks whatever the destination negotiates, as clients do by default: over TLS that is
 * HTTP/2 wherever the server offers it. Makes {@code calls} POSTs of the body (a {@code {n}} in it is the call's
 * number) on {@code threads} threads through one client, so concurrent calls share its connection, and prints for
 * each, in call order, the status, the protocol the client reports and the body it read (or the exception's class).
 * Clients: jdk ({@code HttpClient.newHttpClient()}, {@code send}), jdk-async (the same, {@code sendAsync}), okhttp
 * ({@code new OkHttpClient()}), apache-h2 (Apache HttpClient 5's {@code HttpAsyncClients.createHttp2Default()}),
 * reactor-netty-h2 (Reactor Netty's {@code HttpClient.create().protocol(H2).secure()}).
 * On an http URL (h2c), each as it is set up for cleartext HTTP/2: the JDK's client as it comes (it asks to upgrade its
 * first request), OkHttp and Apache's with prior knowledge (the only h2c they speak; OkHttp only when told
 * {@code H2_PRIOR_KNOWLEDGE}), Reactor Netty with {@code protocol(HTTP11, H2C)} (it asks to upgrade).
 * Args: client url bodyFile calls threads
 */
public final class Http2SendApp {
    public static void main(String[] args) throws Exception {
        String client = args[0];
        URI uri = URI.create(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        boolean cleartext = uri.getScheme().equals("http");
        int calls = Integer.parseInt(args[3]);
        ExecutorService threads = Executors.newFixedThreadPool(Integer.parseInt(args[4]));
        Sender sender = switch (client) {
            case "jdk" -> new Jdk(false);
            case "jdk-async" -> new Jdk(true);
            case "okhttp" -> new OkHttp(cleartext);
            case "apache-h2" -> new ApacheH2();
            case "reactor-netty-h2" -> new ReactorNettyH2(cleartext);
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
        try (sender) {
            List<Future<String>> results = new ArrayList<>();
            for (int n = 0; n < calls; n++) {
                byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
                results.add(threads.submit(() -> {
                    try {
                        return sender.post(uri, body);
                    } catch (Exception e) {
                        Throwable cause = e instanceof CompletionException || e instanceof ExecutionException ? e.getCause() : e;
                        return "ERROR " + cause.getClass().getName();
                    }
                }));
            }
            for (int n = 0; n < calls; n++) {
                System.out.println(n + " " + results.get(n).get());
            }
        }
        threads.shutdown();
    }

    private static String described(int status, Object protocol, byte[] body) {
        return "RESPONSE " + status + " " + protocol + " " + Base64.getEncoder().encodeToString(body == null ? new byte[0] : body);
    }

    /** One client, one POST of a JSON body at a time per calling thread. */
    private interface Sender extends AutoCloseable {
        String post(URI uri, byte[] body) throws Exception;
    }

    private static final class Jdk implements Sender {
        private final HttpClient client = HttpClient.newHttpClient();
        private final boolean async;

        Jdk(boolean async) {
            this.async = async;
        }

        @Override
        public String post(URI uri, byte[] body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer sk_live_TOPSECRET_TOKEN").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> response = async ? client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).join()
                    : client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return described(response.statusCode(), response.version(), response.body());
        }

        @Override
        public void close() {
        }
    }

    private static final class OkHttp implements Sender {
        private final OkHttpClient client;

        OkHttp(boolean cleartext) {
            client = cleartext ? new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build() : new OkHttpClient();
        }

        @Override
        public String post(URI uri, byte[] body) throws Exception {
            Request request = new Request.Builder().url(uri.toString()).header("Authorization", "Bearer sk_live_TOPSECRET_TOKEN")
                    .post(RequestBody.create(MediaType.parse("application/json"), body)).build();
            try (okhttp3.Response response = client.newCall(request).execute()) {
                return described(response.code(), response.protocol(), response.body().bytes());
            }
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static final class ApacheH2 implements Sender {
        private final CloseableHttpAsyncClient client = HttpAsyncClients.createHttp2Default();

        ApacheH2() {
            client.start();
        }

        @Override
        public String post(URI uri, byte[] body) throws Exception {
            SimpleHttpRequest request = SimpleHttpRequest.create("POST", uri);
            request.setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
            request.setBody(body, ContentType.APPLICATION_JSON);
            SimpleHttpResponse response = client.execute(request, null).get();
            return described(response.getCode(), response.getVersion(), response.getBodyBytes());
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }

    private static final class ReactorNettyH2 implements Sender {
        private final reactor.netty.http.client.HttpClient client;

        ReactorNettyH2(boolean cleartext) {
            reactor.netty.http.client.HttpClient base = reactor.netty.http.client.HttpClient.create()
                    .headers(h -> h.set("Content-Type", "application/json").set("Authorization", "Bearer sk_live_TOPSECRET_TOKEN"));
            client = cleartext ? base.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C) : base.protocol(HttpProtocol.H2).secure();
        }

        @Override
        public String post(URI uri, byte[] body) {
            return client.post().uri(uri).send(Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body)))
                    .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                            .map(bytes -> described(response.status().code(), response.version(), bytes)))
                    .block();
        }

        @Override
        public void close() {
        }
    }
}
