package dev.synclog.example;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the service itself saw in one run: rows by destination, op and final status. It is printed as one
 * {@code RUN {...}} line so tests can hold it against the destinations' ground truth, which has the same shape.
 */
public final class RunReport {
    private final int run;
    private final Map<String, Map<String, Map<String, Integer>>> rows = new TreeMap<>();
    private long elapsedMillis;

    RunReport(int run) {
        this.run = run;
    }

    void count(String destination, Op op, boolean succeeded) {
        rows.computeIfAbsent(destination, d -> new TreeMap<>())
                .computeIfAbsent(op.label(), o -> new TreeMap<>())
                .merge(succeeded ? "succeeded" : "failed", 1, Integer::sum);
    }

    void finished(long elapsedMillis) {
        this.elapsedMillis = elapsedMillis;
    }

    public int run() {
        return run;
    }

    /** destination → op → status ({@code succeeded}/{@code failed}) → rows; absent keys mean zero. */
    public Map<String, Map<String, Map<String, Integer>>> rows() {
        return rows;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }
}
