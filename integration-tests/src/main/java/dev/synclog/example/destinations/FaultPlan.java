package dev.synclog.example.destinations;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The injected failures, deterministic so tests can count them: in run 1, on each endpoint that has them,
 * the first batch is throttled (429) on its first attempt and accepted on the retry, and the second batch
 * fails with a 500. A throttled attempt does not count as a batch, so its retry is still batch 1.
 */
final class FaultPlan {
    static final int FAULT_RUN = 1;
    static final int THROTTLED_BATCH = 1;
    static final int FAILED_BATCH = 2;

    private final boolean enabled;
    private final Map<String, Integer> batchesAnswered = new HashMap<>();
    private final Set<String> throttled = new HashSet<>();

    FaultPlan(boolean enabled) {
        this.enabled = enabled;
    }

    synchronized Fault next(int run, String endpoint) {
        if (!enabled || run != FAULT_RUN) {
            return Fault.NONE;
        }
        int batch = batchesAnswered.getOrDefault(endpoint, 0) + 1;
        if (batch == THROTTLED_BATCH && throttled.add(endpoint)) {
            return Fault.THROTTLE;
        }
        batchesAnswered.put(endpoint, batch);
        return batch == FAILED_BATCH ? Fault.FAIL : Fault.NONE;
    }
}
