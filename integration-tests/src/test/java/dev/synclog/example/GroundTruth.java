package dev.synclog.example;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What the destination servers answered, row attempt by row attempt ({@code GET /ground-truth}), and the answers
 * the warehouse must give derived from it, each as sorted lines of space-separated values.
 */
final class GroundTruth {
    /** The sync each destination's rows belong to, as integration-tests/synclog.yaml names them. */
    static final Map<String, String> SYNC_OF_DESTINATION = Map.of("crm", "contacts-to-crm", "audience", "newsletter-audience");

    record Attempt(int run, String destination, String endpoint, String rowId, String op, int attempt, int httpStatus,
                   String status, String message) {
        /** The text the agent records: the row's own message on 200/207, else the call's status and message. */
        String failureReason() {
            return httpStatus == 200 || httpStatus == 207 ? message : "HTTP " + httpStatus + ": " + message;
        }
    }

    final List<Attempt> attempts;

    private GroundTruth(List<Attempt> attempts) {
        this.attempts = attempts;
    }

    static GroundTruth of(Destinations destinations) throws Exception {
        List<Attempt> attempts = StreamSupport.stream(destinations.outcomes().spliterator(), false)
                .map(GroundTruth::attempt).toList();
        return new GroundTruth(attempts);
    }

    private static Attempt attempt(JsonNode o) {
        return new Attempt(o.path("run").asInt(), o.path("destination").asText(), o.path("endpoint").asText(),
                o.path("rowId").asText(), o.path("op").asText(), o.path("attempt").asInt(), o.path("httpStatus").asInt(),
                o.path("status").asText(), o.path("message").isNull() ? null : o.path("message").asText());
    }

    /** The last attempt of each row in each run at each destination: the row's outcome in that run. */
    List<Attempt> finalAttempts() {
        Map<String, Attempt> last = new LinkedHashMap<>();
        for (Attempt a : attempts) {
            last.merge(a.run() + " " + a.destination() + " " + a.rowId(), a,
                    (x, y) -> x.attempt() >= y.attempt() ? x : y);
        }
        return new ArrayList<>(last.values());
    }

    /** {@code run destination op status rows}, from final attempts. */
    List<String> finalCounts() {
        return countLines(finalAttempts(), a -> a.run() + " " + a.destination() + " " + a.op() + " " + a.status());
    }

    /** {@code run destination op attempt status rows}, every attempt. */
    List<String> attemptCounts() {
        return countLines(attempts, a -> a.run() + " " + a.destination() + " " + a.op() + " " + a.attempt() + " "
                + a.status());
    }

    /** The runs in which this destination answered anything. */
    List<Integer> runs() {
        return attempts.stream().map(Attempt::run).distinct().sorted().toList();
    }

    /** {@code sync_id failed_rows distinct_rows runs failure_reason}, as sync_errors_by_sync counts them. */
    List<String> errorsBySync() {
        Map<String, List<Attempt>> byReason = new TreeMap<>();
        for (Attempt a : finalAttempts()) {
            if (a.status().equals("failed")) {
                byReason.computeIfAbsent(SYNC_OF_DESTINATION.get(a.destination()) + " " + a.failureReason(),
                        k -> new ArrayList<>()).add(a);
            }
        }
        return byReason.values().stream().map(failures -> SYNC_OF_DESTINATION.get(failures.get(0).destination())
                        + " " + failures.size()
                        + " " + failures.stream().map(Attempt::rowId).distinct().count()
                        + " " + failures.stream().map(Attempt::run).distinct().count()
                        + " " + failures.get(0).failureReason())
                .sorted().toList();
    }

    /** {@code row_id event run}: each audience member's successful adds and removes. */
    List<String> audienceEvents() {
        return finalAttempts().stream()
                .filter(a -> a.destination().equals("audience") && a.status().equals("succeeded"))
                .map(a -> a.rowId() + " " + a.op() + " " + a.run()).sorted().toList();
    }

    /** {@code destination row_id → op status}, the final attempt of each row in one run. */
    Map<String, String> outcomesOfRun(int run) {
        return finalAttempts().stream().filter(a -> a.run() == run).collect(Collectors.toMap(
                a -> a.destination() + " " + a.rowId(), a -> a.op() + " " + a.status(), (x, y) -> x, TreeMap::new));
    }

    /** Each CRM row's successful sends in run order, for the field diffs. */
    Map<String, List<Attempt>> successfulCrmSends() {
        return finalAttempts().stream()
                .filter(a -> a.destination().equals("crm") && a.status().equals("succeeded"))
                .sorted(Comparator.comparingInt(Attempt::run))
                .collect(Collectors.groupingBy(Attempt::rowId, TreeMap::new, Collectors.toList()));
    }

    private static List<String> countLines(Collection<Attempt> attempts, Function<Attempt, String> key) {
        return attempts.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    }
}
