package dev.synclog.example;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The difference between the rows a destination should hold and the rows it was last sent successfully.
 * Upserts come in source order (adds and changes mixed, as a service walking its table sends them), removes
 * in the order they were first sent. A row the destination refused is not remembered, so it is planned again
 * next run.
 */
public record Plan(List<PlannedRow> upserts, List<PlannedRow> removes) {

    public static Plan between(List<Contact> desired, Map<String, Contact> sent) {
        List<PlannedRow> upserts = new ArrayList<>();
        Set<String> desiredIds = new HashSet<>();
        for (Contact row : desired) {
            desiredIds.add(row.id());
            Contact before = sent.get(row.id());
            if (before == null) {
                upserts.add(new PlannedRow(Op.ADDED, row));
            } else if (!before.equals(row)) {
                upserts.add(new PlannedRow(Op.CHANGED, row));
            }
        }
        List<PlannedRow> removes = sent.values().stream()
                .filter(row -> !desiredIds.contains(row.id()))
                .map(row -> new PlannedRow(Op.REMOVED, row))
                .toList();
        return new Plan(upserts, removes);
    }

    /** Upserts that add a row: for destinations, like audiences, where a member has no fields to change. */
    public List<PlannedRow> adds() {
        return upserts.stream().filter(p -> p.op() == Op.ADDED).toList();
    }
}
