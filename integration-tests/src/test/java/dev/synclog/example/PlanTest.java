package dev.synclog.example;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTest {
    private static final Contact A = new Contact("A", "a@x.io", "a", "a", "free", 30, true);
    private static final Contact B = new Contact("B", "b@x.io", "b", "b", "free", 30, false);
    private static final Contact C = new Contact("C", "c@x.io", "c", "c", "free", 30, true);

    @Test
    void plansAddsAndChangesInSourceOrderAndRemovesWhatLeftTheSource() {
        Map<String, Contact> sent = new LinkedHashMap<>();
        sent.put("B", B);
        sent.put("C", C);

        Plan plan = Plan.between(List.of(A, B.withPlan("pro")), sent);

        assertThat(plan.upserts()).containsExactly(new PlannedRow(Op.ADDED, A), new PlannedRow(Op.CHANGED, B.withPlan("pro")));
        assertThat(plan.adds()).containsExactly(new PlannedRow(Op.ADDED, A));
        assertThat(plan.removes()).containsExactly(new PlannedRow(Op.REMOVED, C));
    }

    @Test
    void anAcceptedRowIsRememberedAndAnAcceptedRemoveForgotten() {
        Map<String, Contact> sent = new LinkedHashMap<>(Map.of("C", C));

        new PlannedRow(Op.ADDED, A).applyTo(sent);
        new PlannedRow(Op.REMOVED, C).applyTo(sent);

        assertThat(sent).containsOnlyKeys("A");
    }
}
