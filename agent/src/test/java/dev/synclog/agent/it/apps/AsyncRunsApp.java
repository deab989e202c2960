package dev.synclog.agent.it.apps;

import java.net.URI;
import java.util.concurrent.CountDownLatch;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;

/**
 * Two runs of {@link ContactSync#runOnce} at once, on two threads, sharing one Apache HttpClient 5 async client
 * started before either: each posts its row once both runs are active, so a call that took the run of the client's
 * I/O threads (or the latest run) would land in the wrong one. Args: url, client ({@code default} or {@code minimal}).
 */
public final class AsyncRunsApp {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        try (CloseableHttpAsyncClient client = args[1].equals("minimal") ? HttpAsyncClients.createMinimal()
                : HttpAsyncClients.createDefault()) {
            client.start();
            CountDownLatch bothRunning = new CountDownLatch(2);
            Thread first = new Thread(() -> new ContactSync(client, uri).runOnce("first", bothRunning));
            Thread second = new Thread(() -> new ContactSync(client, uri).runOnce("second", bothRunning));
            first.start();
            second.start();
            first.join();
            second.join();
        }
    }

    public static final class ContactSync {
        private final CloseableHttpAsyncClient client;
        private final URI uri;

        ContactSync(CloseableHttpAsyncClient client, URI uri) {
            this.client = client;
            this.uri = uri;
        }

        public void runOnce(String row, CountDownLatch bothRunning) {
            try {
                bothRunning.countDown();
                bothRunning.await();
                SimpleHttpRequest post = SimpleHttpRequest.create("POST", uri);
                post.setBody("{\"rows\":[{\"id\":\"" + row + "\"}]}", ContentType.APPLICATION_JSON);
                System.out.println(row + " " + client.execute(post, null).get().getCode());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
