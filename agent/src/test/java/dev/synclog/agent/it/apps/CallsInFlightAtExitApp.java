package dev.synclog.agent.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.synclog.agent.it.apps.sdk.AcmeAsyncClient;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Address;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;

/**
 * A service stopped (SIGTERM) while two calls wait: an SDK method's future that is never completed
 * ({@link AcmeAsyncClient}'s contact {@code lost}) and a {@code java.net.http} call, rows r1 and r2, whose answer the
 * test's destination holds. Args: url.
 */
public final class CallsInFlightAtExitApp {
    public static void main(String[] args) throws Exception {
        new AcmeAsyncClient().batchUpsert(List.of(new Contact("lost", "lost@example.com", "pw", new Address("Oslo", null))));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0]))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"members\":[{\"id\":\"r1\"},{\"id\":\"r2\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("answered: " + response.statusCode());
    }
}
