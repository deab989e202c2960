package dev.synclog.agent.it.apps;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Three runs of {@link ContactSync#runOnce}, one after another, sharing one Reactor Netty client whose event loop and
 * connection were made before the first (a call no endpoint matches): every call starts on that event loop's
 * thread, which no run created. Args: the base URL; each run posts its row to {@code /batch}.
 */
public final class ReactorNettyRunsApp {
    public static void main(String[] args) {
        HttpClient client = HttpClient.create();
        System.out.println("warm-up " + client.get().uri(args[0] + "/warm-up").response().block().status().code());
        ContactSync sync = new ContactSync(client, args[0] + "/batch");
        for (String row : new String[] {"first", "second", "third"}) {
            sync.runOnce(row);
        }
    }

    public static final class ContactSync {
        private final HttpClient client;
        private final String url;

        ContactSync(HttpClient client, String url) {
            this.client = client;
            this.url = url;
        }

        public void runOnce(String row) {
            byte[] body = ("{\"rows\":[{\"id\":\"" + row + "\"}]}").getBytes(StandardCharsets.UTF_8);
            int status = client.headers(h -> h.set("Content-Type", "application/json")).post().uri(url)
                    .send(Mono.just(Unpooled.wrappedBuffer(body))).response().block().status().code();
            System.out.println(row + " " + status);
        }
    }
}
