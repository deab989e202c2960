package dev.synclog.example.destinations;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A contacts API modelled on HubSpot's CRM v3 batch endpoints.
 * <ul>
 * <li>{@code POST /crm/v3/objects/contacts/batch/upsert}: 200 when every input was applied, 207 with
 * {@code errors[].context.id} naming the refused records otherwise;</li>
 * <li>{@code POST /crm/v3/objects/contacts/batch/archive}: 204, all or nothing.</li>
 * </ul>
 * Contact ids are unique regardless of case: an id differing only in case from a stored contact's is refused
 * as a duplicate rather than overwriting that contact.
 */
final class CrmApi {
    static final String DESTINATION = "crm";
    static final String UPSERT_PATH = "/crm/v3/objects/contacts/batch/upsert";
    static final String ARCHIVE_PATH = "/crm/v3/objects/contacts/batch/archive";
    static final HubSpotErrors ERRORS = new HubSpotErrors();

    private record StoredContact(String id, long objectId, Map<String, String> properties) {
    }

    private final BatchGate gate;
    private final GroundTruth truth;
    /** By upper-cased id. */
    private final Map<String, StoredContact> contacts = new HashMap<>();
    private long nextObjectId = 1001;

    CrmApi(String token, FaultPlan faults, GroundTruth truth) {
        this.gate = new BatchGate(DESTINATION, token, faults, truth, ERRORS);
        this.truth = truth;
    }

    void upsert(HttpExchange exchange) throws IOException {
        JsonNode inputs = Exchanges.readArray(exchange, "inputs", ERRORS);
        if (inputs == null) {
            return;
        }
        int run = Exchanges.run(exchange);
        Instant startedAt = Instant.now();
        synchronized (contacts) {
            List<String> ids = ids(inputs);
            List<String> ops = ids.stream().map(id -> exists(id) ? "changed" : "added").toList();
            if (gate.turnedAway(exchange, run, "upsert", ids, ops)) {
                return;
            }
            List<Object> results = new ArrayList<>();
            List<Refusal> refusals = new ArrayList<>();
            Set<String> keysInBatch = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                Map<String, String> properties = properties(inputs.get(i).path("properties"));
                Refusal refusal = validate(ids.get(i), properties, keysInBatch);
                keysInBatch.add(key(ids.get(i)));
                refusals.add(refusal);
                if (refusal == null) {
                    results.add(store(ids.get(i), properties, ops.get(i).equals("added")));
                }
            }
            List<Object> errors = new ArrayList<>();
            int status = refusals.stream().allMatch(Objects::isNull) ? 200 : 207;
            for (int i = 0; i < ids.size(); i++) {
                Refusal refusal = refusals.get(i);
                if (refusal == null) {
                    truth.succeeded(run, DESTINATION, "upsert", ids.get(i), ops.get(i), status);
                } else {
                    truth.failed(run, DESTINATION, "upsert", ids.get(i), ops.get(i), status, refusal.reason(),
                            refusal.message());
                    errors.add(rowError(refusal, ids.get(i)));
                }
            }
            answerUpsert(exchange, startedAt, results, errors);
        }
    }

    void archive(HttpExchange exchange) throws IOException {
        JsonNode inputs = Exchanges.readArray(exchange, "inputs", ERRORS);
        if (inputs == null) {
            return;
        }
        int run = Exchanges.run(exchange);
        synchronized (contacts) {
            List<String> ids = ids(inputs);
            List<String> ops = Collections.nCopies(ids.size(), "removed");
            if (gate.turnedAway(exchange, run, "archive", ids, ops)) {
                return;
            }
            for (String id : ids) {
                if (exists(id)) {
                    contacts.remove(key(id));
                }
                truth.succeeded(run, DESTINATION, "archive", id, "removed", 204);
            }
            Exchanges.sendEmpty(exchange, 204);
        }
    }

    private Refusal validate(String id, Map<String, String> properties, Set<String> keysInBatch) {
        StoredContact holder = contacts.get(key(id));
        if (keysInBatch.contains(key(id)) || (holder != null && !holder.id().equals(id))) {
            return new Refusal(Reason.DUPLICATE_ID, "Duplicate ID: " + id + " matches contact "
                    + (holder != null ? holder.id() : "earlier in this batch") + " (contact ids ignore case)");
        }
        String email = properties.get("email");
        if (!ContactRules.validEmail(email)) {
            return new Refusal(Reason.INVALID_EMAIL, "Property values were not valid: email '" + email
                    + "' is not a valid email address");
        }
        String age = properties.get("age");
        if (age != null && !ContactRules.ageInRange(age)) {
            return new Refusal(Reason.AGE_OUT_OF_RANGE, "Property values were not valid: age " + age
                    + " is out of range " + ContactRules.MIN_AGE + ".." + ContactRules.MAX_AGE);
        }
        return null;
    }

    private record Refusal(Reason reason, String message) {
    }

    private Map<String, Object> store(String id, Map<String, String> properties, boolean isNew) {
        StoredContact before = contacts.get(key(id));
        long objectId = before != null ? before.objectId() : nextObjectId++;
        Map<String, String> merged = new LinkedHashMap<>(before != null ? before.properties() : Map.of());
        merged.putAll(properties);
        merged.put("contact_id", id);
        contacts.put(key(id), new StoredContact(id, objectId, merged));
        String now = Instant.now().toString();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", Long.toString(objectId));
        result.put("properties", merged);
        result.put("createdAt", now);
        result.put("updatedAt", now);
        result.put("archived", false);
        result.put("new", isNew);
        return result;
    }

    private static void answerUpsert(HttpExchange exchange, Instant startedAt, List<Object> results,
                                     List<Object> errors) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "COMPLETE");
        body.put("results", results);
        if (!errors.isEmpty()) {
            body.put("numErrors", errors.size());
            body.put("errors", errors);
        }
        body.put("startedAt", startedAt.toString());
        body.put("completedAt", Instant.now().toString());
        Exchanges.send(exchange, errors.isEmpty() ? 200 : 207, body);
    }

    private static Map<String, Object> rowError(Refusal refusal, String id) {
        Map<String, Object> error = HubSpotErrors.error("VALIDATION_ERROR", refusal.message());
        error.put("subCategory", refusal.reason().name());
        error.put("context", Map.of("id", List.of(id)));
        return error;
    }

    private boolean exists(String id) {
        StoredContact stored = contacts.get(key(id));
        return stored != null && stored.id().equals(id);
    }

    private static Map<String, String> properties(JsonNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        node.properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
        return properties;
    }

    private static List<String> ids(JsonNode inputs) {
        List<String> ids = new ArrayList<>();
        inputs.forEach(input -> ids.add(input.path("id").asText()));
        return ids;
    }

    private static String key(String id) {
        return id.toUpperCase(Locale.ROOT);
    }
}
