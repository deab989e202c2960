package dev.synclog.example;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The field-level changes sync_row_changes must show for the CRM, worked out from the source table of each run and
 * the destination's ground truth: between consecutive successful upserts of a row, every property whose value
 * differs. A removal carries no state, so it is no end of a change.
 */
final class FieldChanges {
    private FieldChanges() {
    }

    /** {@code row_id field from_run to_run before after}, sorted; {@code sourceOfRun} gives each run's table. */
    static List<String> expected(GroundTruth truth, IntFunction<Path> sourceOfRun) {
        Map<Integer, Map<String, Contact>> tables = new LinkedHashMap<>();
        List<String> changes = new ArrayList<>();
        truth.successfulCrmSends().forEach((rowId, allSends) -> {
            List<GroundTruth.Attempt> sends = allSends.stream().filter(s -> !s.op().equals("removed")).toList();
            for (int i = 1; i < sends.size(); i++) {
                GroundTruth.Attempt before = sends.get(i - 1);
                GroundTruth.Attempt after = sends.get(i);
                Map<String, String> from = fields(before, tables.computeIfAbsent(before.run(), r -> table(sourceOfRun.apply(r))));
                Map<String, String> to = fields(after, tables.computeIfAbsent(after.run(), r -> table(sourceOfRun.apply(r))));
                TreeSet<String> names = new TreeSet<>(from.keySet());
                names.addAll(to.keySet());
                for (String name : names) {
                    if (!Objects.equals(from.get(name), to.get(name))) {
                        changes.add(rowId + " " + name + " " + before.run() + " " + after.run() + " "
                                + text(from.get(name)) + " " + text(to.get(name)));
                    }
                }
            }
        });
        return changes.stream().sorted().toList();
    }

    private static Map<String, Contact> table(Path source) {
        Map<String, Contact> byId = new LinkedHashMap<>();
        ContactCsv.read(source).forEach(c -> byId.put(c.id(), c));
        return byId;
    }

    /** The properties the CRM client sends for an upsert, all as text. */
    private static Map<String, String> fields(GroundTruth.Attempt send, Map<String, Contact> table) {
        Map<String, String> fields = new LinkedHashMap<>();
        Contact c = Objects.requireNonNull(table.get(send.rowId()), () -> "run " + send.run() + " sent "
                + send.rowId() + ", which is not in that run's source table");
        fields.put("email", c.email());
        fields.put("firstname", c.firstName());
        fields.put("lastname", c.lastName());
        fields.put("plan", c.plan());
        fields.put("age", Integer.toString(c.age()));
        fields.put("in_audience", Boolean.toString(c.inAudience()));
        return fields;
    }

    private static String text(String value) {
        return value == null ? "NULL" : value;
    }
}
