package dev.synclog.example.destinations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DestinationServers --latency}: the load benchmark's destinations that answer like a real API's round trip.
 * Each answer is held at least that long, and is still the answer the API gives. Only the lower bound is checked: a
 * sleep guarantees it, whereas how much longer a loaded machine takes is not this test's business.
 */
class DestinationLatencyTest {
    private static final String TOKEN = "latency-token";
    private static final String MEMBERS = "{\"members\":[{\"id\":\"a\",\"email\":\"a@example.com\"},"
            + "{\"id\":\"b\",\"email\":\"b@example.com\"}]}";

    @Test
    void eachAnswerIsHeldTheLatencyAndStillAnswersTheCall() throws Exception {
        int latencyMillis = 300;
        DestinationServers servers = new DestinationServers(TOKEN, false, false, latencyMillis);
        servers.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            URI add = URI.create(servers.urls().get("audience.url") + AudienceApi.PATH_PREFIX + "newsletter/members:add");
            for (int call = 0; call < 2; call++) {
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(add)
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(MEMBERS)).build(), HttpResponse.BodyHandlers.ofString());
                long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(heldMillis).as("call " + call + " answered after").isGreaterThanOrEqualTo(latencyMillis);
            }
        } finally {
            servers.stop(null);
        }
    }
}
