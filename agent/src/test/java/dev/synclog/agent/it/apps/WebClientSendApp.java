package dev.synclog.agent.it.apps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * A sync service on Spring's {@code WebClient} (its default connector, Reactor Netty). Makes one POST per argument,
 * in order, waits for it and prints what it got. Calls: bytes ({@code bodyValue} of the bytes), string
 * ({@code bodyValue} of the text). Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class WebClientSendApp {
    public static void main(String[] args) throws Exception {
        WebClient client = WebClient.create();
        MediaType type = MediaType.parseMediaType(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        for (int n = 0; n + 3 < args.length; n++) {
            String body = template.replace("{n}", Integer.toString(n));
            Object value = args[n + 3].equals("bytes") ? body.getBytes(StandardCharsets.UTF_8) : body;
            String result;
            try {
                byte[] answer = client.post().uri(args[0]).contentType(type).header("Authorization", "Bearer sk_live_TOPSECRET_TOKEN")
                        .bodyValue(value).retrieve().bodyToMono(byte[].class).block();
                result = "RESPONSE 200 " + Base64.getEncoder().encodeToString(answer);
            } catch (WebClientResponseException e) {
                result = "RESPONSE " + e.getStatusCode().value() + " " + Base64.getEncoder().encodeToString(e.getResponseBodyAsByteArray());
            }
            System.out.println(args[n + 3] + " " + result);
        }
    }
}
