package dev.synclog.example.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ads-platform audience API in Google's style: {@code POST /v1/audiences/{audienceId}/members:add} and
 * {@code …/members:remove}, answered 200 with one result per member, index-aligned with the request:
 * {@code {"results":[{"ok":true},{"ok":false,"error":{"code":"INVALID_EMAIL","message":"…"}}]}}.
 * Members are matched by email, so an add with an invalid email is refused; removes go by id.
 */
final class AudienceApi {
    static final String DESTINATION = "audience";
    static final String PATH_PREFIX = "/v1/audiences/";
    private static final Pattern MEMBERS_PATH = Pattern.compile("/v1/audiences/([^/]+)/members:(add|remove)");
    private static final GoogleErrors ERRORS = new GoogleErrors();

    private final BatchGate gate;
    private final GroundTruth truth;
    private final Map<String, Set<String>> membersByAudience = new HashMap<>();

    AudienceApi(String token, FaultPlan faults, GroundTruth truth) {
        this.gate = new BatchGate(DESTINATION, token, faults, truth, ERRORS);
        this.truth = truth;
    }

    void handle(HttpExchange exchange) throws IOException {
        Matcher path = MEMBERS_PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches() || !"POST".equals(exchange.getRequestMethod())) {
            Exchanges.send(exchange, 404, ERRORS.body(404, "no such endpoint: " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + "; use POST " + PATH_PREFIX + "{audienceId}/members:add or :remove"));
            return;
        }
        JsonNode members = Exchanges.readArray(exchange, "members", ERRORS);
        if (members == null) {
            return;
        }
        boolean add = path.group(2).equals("add");
        String endpoint = add ? "members:add" : "members:remove";
        String op = add ? "added" : "removed";
        int run = Exchanges.run(exchange);
        List<String> ids = new ArrayList<>();
        members.forEach(member -> ids.add(member.path("id").asText()));
        synchronized (membersByAudience) {
            if (gate.turnedAway(exchange, run, endpoint, ids, Collections.nCopies(ids.size(), op))) {
                return;
            }
            Set<String> audience = membersByAudience.computeIfAbsent(path.group(1), a -> new HashSet<>());
            List<Object> results = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String email = members.get(i).path("email").asText(null);
                if (add && !ContactRules.validEmail(email)) {
                    String message = "Member " + i + ": '" + email + "' is not a valid email address";
                    truth.failed(run, DESTINATION, endpoint, ids.get(i), op, 200, Reason.INVALID_EMAIL, message);
                    results.add(refusal(Reason.INVALID_EMAIL, message));
                } else {
                    if (add) {
                        audience.add(ids.get(i));
                    } else {
                        audience.remove(ids.get(i));
                    }
                    truth.succeeded(run, DESTINATION, endpoint, ids.get(i), op, 200);
                    results.add(Map.of("ok", true));
                }
            }
            Exchanges.send(exchange, 200, Map.of("results", results));
        }
    }

    private static Map<String, Object> refusal(Reason reason, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", reason.name());
        error.put("message", message);
        return Map.of("ok", false, "error", error);
    }
}
