package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The writer's run memory: one state per run, for entries that come after the run's end too. */
class RunStatesTest {
    private final List<String> started = new ArrayList<>();
    private final Function<String, Object> start = runId -> {
        started.add(runId);
        return new Object();
    };

    @Test
    void anEntryAfterItsRunsEndGetsTheEndedRunsStateNotASecondStart() {
        RunStates<Object> runs = new RunStates<>(2);
        Object r1 = runs.get("r1", start);
        assertThat(runs.get("r1", start)).isSameAs(r1);

        runs.ended("r1", runs.active().remove("r1"));
        assertThat(runs.active()).isEmpty();
        assertThat(runs.get("r1", start)).as("a call that ended after its run's end").isSameAs(r1);
        assertThat(runs.active()).as("it does not make the run active again").isEmpty();
        assertThat(started).containsExactly("r1");
    }

    @Test
    void onlyTheLatestEndedRunsAreRemembered() {
        RunStates<Object> runs = new RunStates<>(2);
        for (String runId : List.of("r1", "r2", "r3")) {
            runs.get(runId, start);
            runs.ended(runId, runs.active().remove(runId));
        }
        assertThat(runs.recentlyEnded()).hasSize(2);
        runs.get("r3", start);
        runs.get("r1", start);
        assertThat(started).as("r1 forgotten: started again; r3 remembered").containsExactly("r1", "r2", "r3", "r1");
    }
}
