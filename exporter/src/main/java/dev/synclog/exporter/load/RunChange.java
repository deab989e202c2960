package dev.synclog.exporter.load;

/** What a batch does to {@code sync_runs}, applied in queue order after the batch's rows are loaded. */
public sealed interface RunChange {

    /** Rows of a run arrived; creates the run if its RunStarted was never seen (e.g. dropped). */
    record RunSeen(String syncId, String runId, long firstEventMicros, AgentInfo agent, String sourceId)
            implements RunChange {
    }

    record RunOpened(String syncId, String runId, String modelName, String primaryKey, String destination,
                     String traceId, long startedAtMicros, AgentInfo agent, String sourceId) implements RunChange {
    }

    record RunEnded(String syncId, String runId, String status, String error, long finishedAtMicros,
                    long eventsDropped, AgentInfo agent, String sourceId) implements RunChange {
    }

    /** A new agent process took over the queue: runs the previous one left open died with it. */
    record AgentRestarted(String sourceId, AgentInfo previous, AgentInfo next) implements RunChange {
    }

    record DropsReported(String sourceId, String runId, String reason, long count) implements RunChange {
    }
}
