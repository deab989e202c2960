package dev.synclog.agent.it.apps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * A sync service whose clients each send two rows in one call, all at once on threads of their own, and wait for the
 * answers, which the test's destination holds until it has killed this process. Args: {@code url sdkUrl mode...}, or
 * {@code idle}. Each mode's rows are {@code <mode>/r1} and {@code <mode>/r2}. Modes: okhttp (a body of declared
 * length), okhttp-chunked, apache-bytes (repeatable entity), apache-stream (read once, chunked), apache4-stream (the
 * same on Apache HttpClient 4), sdk ({@link Destination#push}, which posts the rows itself, to sdkUrl),
 * urlconnection-chunked (the app leaves its stream open and asks for the status, as many do), urlconnection-fixed
 * (fixed-length streaming, flushed: the destination has the body while the app is still busy), async4-bytes and
 * async4-stream (Apache HttpAsyncClient 4.1), async5-simple and async5-producer (Apache HttpClient 5's async client: a
 * {@code SimpleHttpRequest}, an entity producer), reactor-netty and reactor-netty-chunked (Reactor Netty's client, on
 * Netty's codec: a body of known length, one in two chunks); idle sends nothing and ends when its stdin closes (the
 * next agent on the queue, kept until it has recovered the dead one's journal). Each client's code is in its own
 * class, so only the libraries of the modes asked for must be on the class path.
 */
public final class InFlightApp {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("idle")) {
            System.in.transferTo(OutputStream.nullOutputStream());
            return;
        }
        String url = args[0];
        String sdkUrl = args[1];
        List<Thread> clients = new ArrayList<>();
        for (String mode : Arrays.copyOfRange(args, 2, args.length)) {
            Thread client = new Thread(() -> {
                try {
                    send(mode, url, sdkUrl);
                } catch (Exception e) {
                    throw new IllegalStateException(mode, e);
                }
            }, mode);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    private static void send(String mode, String url, String sdkUrl) throws Exception {
        byte[] body = ("{\"members\":[{\"id\":\"" + mode + "/r1\"},{\"id\":\"" + mode + "/r2\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        switch (mode) {
            case "okhttp", "okhttp-chunked" -> OkHttpSend.send(url, body, mode.endsWith("-chunked"));
            case "apache-bytes", "apache-stream" -> ApacheSend.send(url, body, mode.endsWith("-stream"));
            case "apache4-stream" -> Apache4Send.send(url, body);
            case "async4-bytes", "async4-stream" -> Async4Send.send(url, body, mode.endsWith("-stream"));
            case "async5-simple", "async5-producer" -> Async5Send.send(url, body, mode.endsWith("-producer"));
            case "reactor-netty", "reactor-netty-chunked" -> ReactorNettySend.send(url, body, mode.endsWith("-chunked"));
            case "sdk" -> Destination.push(List.of(Map.of("id", mode + "/r1"), Map.of("id", mode + "/r2")), sdkUrl);
            case "urlconnection-chunked", "urlconnection-fixed" -> urlConnection(url, body, mode.endsWith("-fixed"));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static void urlConnection(String url, byte[] body, boolean fixed) throws IOException, InterruptedException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        if (fixed) {
            connection.setFixedLengthStreamingMode(body.length);
        } else {
            connection.setChunkedStreamingMode(0);
        }
        OutputStream out = connection.getOutputStream();
        out.write(body);
        if (fixed) {
            out.flush();
            Thread.sleep(Long.MAX_VALUE); // busy elsewhere before reading the answer
        }
        System.out.println("status " + connection.getResponseCode());
    }

    /** An SDK the agent is configured to capture by its method; it posts the rows with the JDK's client. */
    public static final class Destination {
        private Destination() {
        }

        public static int push(List<Map<String, String>> rows, String url) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
            }
            return connection.getResponseCode();
        }
    }

    private static final class OkHttpSend {
        static void send(String url, byte[] bytes, boolean chunked) throws IOException {
            MediaType json = MediaType.parse("application/json");
            RequestBody body = !chunked ? RequestBody.create(json, bytes) : new RequestBody() {
                @Override
                public MediaType contentType() {
                    return json;
                }

                @Override
                public long contentLength() {
                    return -1;
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    sink.write(bytes);
                }
            };
            try (okhttp3.Response response = new OkHttpClient().newCall(new Request.Builder().url(url).post(body).build()).execute()) {
                System.out.println("status " + response.code());
            }
        }
    }

    private static final class ApacheSend {
        static void send(String url, byte[] bytes, boolean stream) throws IOException {
            ContentType json = ContentType.APPLICATION_JSON;
            HttpEntity entity = stream ? new InputStreamEntity(new ByteArrayInputStream(bytes), -1, json)
                    : new ByteArrayEntity(bytes, json);
            BasicClassicHttpRequest request = new BasicClassicHttpRequest("POST", URI.create(url));
            request.setEntity(entity);
            try (CloseableHttpClient client = HttpClients.createDefault()) {
                System.out.println("status " + client.execute(request, response -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                }));
            }
        }
    }

    private static final class Apache4Send {
        static void send(String url, byte[] bytes) throws IOException {
            org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
            post.setEntity(new org.apache.http.entity.InputStreamEntity(new ByteArrayInputStream(bytes), -1,
                    org.apache.http.entity.ContentType.APPLICATION_JSON));
            try (org.apache.http.impl.client.CloseableHttpClient client = org.apache.http.impl.client.HttpClients.createDefault()) {
                System.out.println("status " + client.execute(post, response -> response.getStatusLine().getStatusCode()));
            }
        }
    }

    /** Apache HttpAsyncClient 4: a repeatable entity (copied before the send) or a read-once chunked one. */
    private static final class Async4Send {
        static void send(String url, byte[] bytes, boolean stream) throws Exception {
            org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
            post.setEntity(stream ? new org.apache.http.entity.InputStreamEntity(new ByteArrayInputStream(bytes), -1,
                    org.apache.http.entity.ContentType.APPLICATION_JSON)
                    : new org.apache.http.nio.entity.NByteArrayEntity(bytes, org.apache.http.entity.ContentType.APPLICATION_JSON));
            try (org.apache.http.impl.nio.client.CloseableHttpAsyncClient client =
                         org.apache.http.impl.nio.client.HttpAsyncClients.createDefault()) {
                client.start();
                System.out.println("status " + client.execute(post, null).get().getStatusLine().getStatusCode());
            }
        }
    }

    /** HttpClient 5's async client: a {@code SimpleHttpRequest}'s bytes, or an entity producer the client writes from. */
    private static final class Async5Send {
        static void send(String url, byte[] bytes, boolean producer) throws Exception {
            org.apache.hc.core5.http.ContentType json = org.apache.hc.core5.http.ContentType.APPLICATION_JSON;
            try (org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
                         org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault()) {
                client.start();
                org.apache.hc.core5.http.nio.AsyncRequestProducer request = producer
                        ? org.apache.hc.core5.http.nio.support.AsyncRequestBuilder.post(url)
                                .setEntity(org.apache.hc.core5.http.nio.entity.AsyncEntityProducers.create(bytes, json)).build()
                        : org.apache.hc.client5.http.async.methods.SimpleRequestProducer.create(
                                org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.post(url).setBody(bytes, json).build());
                System.out.println("status " + client.execute(request,
                        org.apache.hc.client5.http.async.methods.SimpleResponseConsumer.create(), null).get().getCode());
            }
        }
    }

    /** Reactor Netty's client (Netty's codec): the body whole, with its length, or in two chunks. */
    private static final class ReactorNettySend {
        static void send(String url, byte[] bytes, boolean chunked) {
            Publisher<ByteBuf> body = chunked
                    ? Flux.just(Arrays.copyOfRange(bytes, 0, bytes.length / 2), Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length))
                            .map(Unpooled::wrappedBuffer)
                    : Mono.just(Unpooled.wrappedBuffer(bytes));
            System.out.println("status " + HttpClient.create()
                    .headers(h -> h.set("Content-Type", "application/json")).post().uri(url).send(body)
                    .response().block().status().code());
        }
    }
}
