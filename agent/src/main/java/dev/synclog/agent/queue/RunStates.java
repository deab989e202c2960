package dev.synclog.agent.queue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The writer's state per run: the active runs by id, in start order (runs that end together are written in the order
 * they started), and the last few that ended. An entry that comes after its run's end (a call that ended past the
 * run's grace, a drop counted late) gets the ended run's state, its span included, rather than a second one.
 */
final class RunStates<S> {
    private final Map<String, S> active = new LinkedHashMap<>();
    private final Map<String, S> ended;

    RunStates(int endedKept) {
        this.ended = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, S> eldest) {
                return size() > endedKept;
            }
        };
    }

    /** The run's state: active, recently ended, or else made by {@code start} and active from now on. */
    S get(String runId, Function<String, S> start) {
        S state = active.get(runId);
        if (state == null) {
            state = ended.get(runId);
        }
        if (state == null) {
            state = start.apply(runId);
            active.put(runId, state);
        }
        return state;
    }

    /** The active runs, in start order; a run removed through it is forgotten, not remembered as ended. */
    Map<String, S> active() {
        return active;
    }

    /** Called for a run just removed from {@link #active()} whose end is written. */
    void ended(String runId, S state) {
        ended.put(runId, state);
    }

    Collection<S> recentlyEnded() {
        return ended.values();
    }
}
