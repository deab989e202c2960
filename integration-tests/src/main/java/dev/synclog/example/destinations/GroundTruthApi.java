package dev.synclog.example.destinations;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /ground-truth}: every row attempt, {@code {"outcomes":[…]}}; {@code GET /ground-truth/summary}:
 * final statuses counted by run, {@code {"runs":{"1":{"rows":{…},"failures":{…}}}}}.
 */
final class GroundTruthApi {
    static final String PATH = "/ground-truth";

    private final GroundTruth truth;

    GroundTruthApi(GroundTruth truth) {
        this.truth = truth;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!truth.recording()) {
            Exchanges.send(exchange, 409, Map.of("message", "these servers were started with --no-ground-truth"));
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            Exchanges.send(exchange, 405, Map.of("message", "use GET " + PATH + " or GET " + PATH + "/summary"));
        } else if (path.equals(PATH)) {
            Exchanges.send(exchange, 200, Map.of("outcomes", truth.outcomes()));
        } else if (path.equals(PATH + "/summary")) {
            Exchanges.send(exchange, 200, Map.of("runs", truth.summary()));
        } else {
            Exchanges.send(exchange, 404, Map.of("message", "no such path " + path + "; use " + PATH + " or "
                    + PATH + "/summary"));
        }
    }
}
