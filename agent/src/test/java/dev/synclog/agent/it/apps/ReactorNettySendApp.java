package dev.synclog.agent.it.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A sync service on Reactor Netty's {@code HttpClient} (the transport of Spring's {@code WebClient}), written against
 * the API 1.2 and 1.3 share. Makes one POST per argument, in order, on a pool of one connection (kept alive between
 * calls), waits for it and prints what it got. Calls: bytes (a body of known length, sent whole), chunked (the body in
 * two parts, sent chunked), gzip (bytes the app compressed, sent with {@code Content-Encoding: gzip}); the argument
 * {@code connections} prints how many connections were opened so far instead. Args: url contentType bodyFile call...
 * A {@code {n}} in the body is the call's number.
 */
public final class ReactorNettySendApp {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String type = args[1];
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        AtomicInteger connections = new AtomicInteger();
        ConnectionProvider pool = ConnectionProvider.create("send-app", 1);
        HttpClient client = HttpClient.create(pool).doOnChannelInit((observer, channel, address) -> connections.incrementAndGet());
        for (int n = 0; n + 3 < args.length; n++) {
            String call = args[n + 3];
            if (call.equals("connections")) {
                System.out.println("connections " + connections.get());
                continue;
            }
            byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
            String result;
            try {
                result = send(client, url, type, call, body).block();
            } catch (RuntimeException e) {
                result = "ERROR " + e.getClass().getName();
            }
            System.out.println(call + " " + result);
        }
        pool.disposeLater().block();
    }

    private static Mono<String> send(HttpClient client, String url, String type, String call, byte[] body) throws IOException {
        byte[] sent = call.equals("gzip") ? gzip(body) : body;
        HttpClient withHeaders = client.headers(h -> {
            h.set("Content-Type", type);
            h.set("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
            if (call.equals("gzip")) {
                h.set("Content-Encoding", "gzip");
            }
        });
        Publisher<ByteBuf> parts = call.equals("chunked")
                ? Flux.just(Arrays.copyOfRange(sent, 0, sent.length / 2), Arrays.copyOfRange(sent, sent.length / 2, sent.length))
                        .map(Unpooled::wrappedBuffer)
                : Mono.just(Unpooled.wrappedBuffer(sent));
        return withHeaders.post().uri(url).send(parts)
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(bytes -> "RESPONSE " + response.status().code() + " " + Base64.getEncoder().encodeToString(bytes)));
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }
}
