package dev.synclog.exporter.load;

/**
 * One row result as read from the queue. {@code opType} may still be {@code upsert}: the loader resolves it
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
        long queueIndex) {
}
