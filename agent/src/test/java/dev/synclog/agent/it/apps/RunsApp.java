package dev.synclog.agent.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A sync service with three runs of {@link ContactSync#runOnce}: each run posts one row from its own thread,
 * one from a pool created before any run, and one from an async callback. Run 3 throws after its calls.
 */
public final class RunsApp {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> null).get(); // the pool's thread exists before any run
        for (int run = 1; run <= 3; run++) {
            try {
                new ContactSync(client, uri, pool).runOnce(run);
            } catch (IllegalStateException expected) {
                System.out.println("run " + run + " failed: " + expected.getMessage());
            }
        }
        pool.shutdown();
    }

    public static final class ContactSync {
        private final HttpClient client;
        private final URI uri;
        private final ExecutorService pool;

        ContactSync(HttpClient client, URI uri, ExecutorService pool) {
            this.client = client;
            this.uri = uri;
            this.pool = pool;
        }

        public void runOnce(int run) throws Exception {
            post("r" + run + "-main");
            pool.submit(() -> post("r" + run + "-pool")).get();
            client.sendAsync(request("r" + run + "-async-first"), HttpResponse.BodyHandlers.ofString())
                    .thenCompose(first -> client.sendAsync(request("r" + run + "-async-callback"), HttpResponse.BodyHandlers.ofString()))
                    .join();
            if (run == 3) {
                throw new IllegalStateException("source table locked");
            }
        }

        private String post(String rowId) throws Exception {
            return client.send(request(rowId), HttpResponse.BodyHandlers.ofString()).body();
        }

        private HttpRequest request(String rowId) {
            return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{\"rows\":[{\"id\":\"" + rowId + "\"}]}"))
                    .header("Content-Type", "application/json").build();
        }
    }
}
