package dev.synclog.agent.it.apps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;

/**
 * A sync service on AsyncHttpClient 3 (on Netty's HTTP/1.1 codec; Zendesk's Java SDK is built on it). Makes one POST
 * per argument, in order, waits for it and prints what it got. Calls: bytes ({@code setBody(byte[])}), string
 * ({@code setBody(String)}). Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class AsyncHttpClientSendApp {
    public static void main(String[] args) throws Exception {
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        try (AsyncHttpClient client = Dsl.asyncHttpClient()) {
            for (int n = 0; n + 3 < args.length; n++) {
                String body = template.replace("{n}", Integer.toString(n));
                var request = client.preparePost(args[0]).setHeader("Content-Type", args[1])
                        .setHeader("Authorization", "Bearer sk_live_TOPSECRET_TOKEN");
                request = args[n + 3].equals("string") ? request.setBody(body) : request.setBody(body.getBytes(StandardCharsets.UTF_8));
                String result;
                try {
                    Response response = request.execute().get();
                    result = "RESPONSE " + response.getStatusCode() + " "
                            + Base64.getEncoder().encodeToString(response.getResponseBodyAsBytes());
                } catch (java.util.concurrent.ExecutionException e) {
                    result = "ERROR " + e.getCause().getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result);
            }
        }
    }
}
