package dev.synclog.agent.it.apps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A sync service on Vert.x's {@code WebClient} (Vert.x 5, on Netty's HTTP/1.1 codec; over HTTP/2 in cleartext with
 * {@code -Dvertx.protocol=h2c-upgrade} or {@code h2c-prior-knowledge}). Makes one POST per argument, in order, waits
 * for it and prints what it got, with the protocol. Calls: bytes ({@code sendBuffer}), json ({@code sendJsonObject}, which
 * Vert.x encodes itself). Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class VertxWebClientSendApp {
    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        String protocol = System.getProperty("vertx.protocol", "");
        WebClientOptions options = new WebClientOptions();
        if (!protocol.isEmpty()) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(protocol.equals("h2c-upgrade"));
        }
        WebClient client = WebClient.create(vertx, options);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        try {
            for (int n = 0; n + 3 < args.length; n++) {
                String body = template.replace("{n}", Integer.toString(n));
                var request = client.postAbs(args[0]).putHeader("Content-Type", args[1])
                        .putHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
                var sent = args[n + 3].equals("json") ? request.sendJsonObject(new JsonObject(body))
                        : request.sendBuffer(Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
                String result;
                try {
                    HttpResponse<Buffer> response = sent.toCompletionStage().toCompletableFuture().get();
                    Buffer answer = response.body();
                    result = "RESPONSE " + response.statusCode() + " " + response.version() + " "
                            + Base64.getEncoder().encodeToString(answer == null ? new byte[0] : answer.getBytes());
                } catch (java.util.concurrent.ExecutionException e) {
                    result = "ERROR " + e.getCause().getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result);
            }
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
