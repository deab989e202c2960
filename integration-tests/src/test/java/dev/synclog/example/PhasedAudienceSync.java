package dev.synclog.example;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sync job in phases, for tests that change the machine between them: phase p (but the first) waits for the file
 * {@code go-p} in the gate directory, posts its calls to the audience API, then creates {@code done-p}. It prints
 * every answer, so a run with the agent can be compared with one without, and how long each phase took on stderr.
 * Args: audienceUrl token gateDir phases callsPerPhase membersPerCall
 */
public final class PhasedAudienceSync {
    private static final long GATE_PATIENCE_MILLIS = 120_000;

    public static void main(String[] args) throws Exception {
        URI add = URI.create(args[0]).resolve("/v1/audiences/phased/members:add");
        String token = args[1];
        Path gates = Path.of(args[2]);
        int phases = Integer.parseInt(args[3]);
        int calls = Integer.parseInt(args[4]);
        int members = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newHttpClient();
        for (int phase = 0; phase < phases; phase++) {
            if (phase > 0) {
                awaitFile(gates.resolve("go-" + phase));
            }
            long start = System.nanoTime();
            for (int call = 0; call < calls; call++) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(add)
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(phase, call, members))).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println("phase " + phase + " call " + call + ": " + answer.statusCode() + " " + answer.body());
            }
            System.err.printf("phase %d: %d calls in %d ms%n", phase, calls, (System.nanoTime() - start) / 1_000_000);
            Files.createFile(gates.resolve("done-" + phase));
        }
    }

    /** Row ids {@code p<phase>-c<call>-m<member>}; the first member of every fifth call has an email the API refuses. */
    static String body(int phase, int call, int members) {
        List<String> rows = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            String id = "p" + phase + "-c" + call + "-m" + m;
            String email = m == 0 && call % 5 == 0 ? "not-an-email" : id + "@example.com";
            rows.add("{\"id\":\"" + id + "\",\"email\":\"" + email + "\"}");
        }
        return "{\"members\":[" + String.join(",", rows) + "]}";
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.currentTimeMillis() + GATE_PATIENCE_MILLIS;
        while (!Files.exists(file)) {
            if (System.currentTimeMillis() > deadline) {
                System.err.println("gave up waiting for " + file);
                System.exit(3);
            }
            Thread.sleep(20);
        }
    }

    private PhasedAudienceSync() {
    }
}
