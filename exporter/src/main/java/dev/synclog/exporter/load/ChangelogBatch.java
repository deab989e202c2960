package dev.synclog.exporter.load;

import java.util.List;
import java.util.Map;

/**
 * Everything read from one queue between two commits. {@code previousIndex} is the committed position the
 * batch continues from (-1 before the first event) and {@code lastIndex} the position it commits.
 */
public record ChangelogBatch(
        String sourceId,
        long previousIndex,
        long lastIndex,
        int events,
        List<ChangelogRow> rows,
        List<RunChange> runChanges,
        Map<RunKey, Long> lastEventMicrosByRun,
        AgentInfo agentAfter) {

    public record RunKey(String syncId, String runId) {
    }

    public boolean isEmpty() {
        return events == 0;
    }
}
