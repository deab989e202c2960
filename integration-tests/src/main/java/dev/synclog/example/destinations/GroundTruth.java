package dev.synclog.example.destinations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row attempt the destinations answered, in the order they answered them. Shared by both servers. Off for
 * benchmarks, whose runs of 500,000 rows each would otherwise hold gigabytes of it.
 */
public final class GroundTruth {
    private final boolean recording;
    private final List<RowOutcome> outcomes = new ArrayList<>();
    private final Map<String, Integer> attempts = new HashMap<>();

    GroundTruth(boolean recording) {
        this.recording = recording;
    }

    boolean recording() {
        return recording;
    }

    synchronized void succeeded(int run, String destination, String endpoint, String rowId, String op, int httpStatus) {
        add(run, destination, endpoint, rowId, op, httpStatus, null, null);
    }

    synchronized void failed(int run, String destination, String endpoint, String rowId, String op, int httpStatus,
                             Reason reason, String message) {
        add(run, destination, endpoint, rowId, op, httpStatus, reason, message);
    }

    private void add(int run, String destination, String endpoint, String rowId, String op, int httpStatus,
                     Reason reason, String message) {
        if (!recording) {
            return;
        }
        int attempt = attempts.merge(run + "\u0000" + destination + "\u0000" + rowId, 1, Integer::sum);
        outcomes.add(new RowOutcome(run, destination, endpoint, rowId, op, attempt, httpStatus,
                reason == null ? "succeeded" : "failed", reason, message));
    }

    public synchronized List<RowOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Counts by run of each row's last attempt: its final status, as the sync-log tables define it. */
    public synchronized Map<Integer, RunSummary> summary() {
        Map<String, RowOutcome> last = new LinkedHashMap<>();
        for (RowOutcome o : outcomes) {
            last.put(o.run() + "\u0000" + o.destination() + "\u0000" + o.rowId(), o);
        }
        Map<Integer, RunSummary> byRun = new TreeMap<>();
        for (RowOutcome o : last.values()) {
            byRun.computeIfAbsent(o.run(), r -> new RunSummary(new TreeMap<>(), new TreeMap<>())).count(o);
        }
        return byRun;
    }

    /**
     * @param rows     destination → op → status → rows
     * @param failures destination → reason → rows
     */
    public record RunSummary(Map<String, Map<String, Map<String, Integer>>> rows,
                             Map<String, Map<String, Integer>> failures) {

        private void count(RowOutcome o) {
            rows.computeIfAbsent(o.destination(), d -> new TreeMap<>())
                    .computeIfAbsent(o.op(), op -> new TreeMap<>())
                    .merge(o.status(), 1, Integer::sum);
            if (o.reason() != null) {
                failures.computeIfAbsent(o.destination(), d -> new TreeMap<>())
                        .merge(o.reason().name(), 1, Integer::sum);
            }
        }
    }
}
