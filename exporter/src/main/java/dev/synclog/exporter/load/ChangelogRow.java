package dev.synclog.exporter.load;

/**
 * One row's outcome as read from the queue: {@code queueIndex} is the excerpt that holds it, {@code queueRow} its place
 * among the excerpt's rows (0 for a row result of schema version 1, one excerpt per row). {@code opType} may still be {@code upsert}: the loader resolves it
 * against the snapshot inside the warehouse, where the row's history is.
 */
public record ChangelogRow(
        String syncId,
        String syncRunId,
        String rowId,
        String opType,
        String status,
        String failureReason,
        String fields,
        String destination,
        String object,
        int httpStatus,
        int attempt,
        long eventTimeMicros,
        String traceId,
        long callId,
        String sourceId,
        long queueIndex,
        int queueRow) {
}
