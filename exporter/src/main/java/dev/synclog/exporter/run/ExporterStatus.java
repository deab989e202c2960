package dev.synclog.exporter.run;

/**
 * What a running exporter publishes about one queue, next to it, for {@code status} to read (DuckDB lets
 * only one process open the warehouse, so status cannot ask the warehouse while the exporter runs).
 */
public record ExporterStatus(
        String sourceId,
        String queue,
        String warehouse,
        long pid,
        /** loading, idle, retrying, stopped or failed */
        String state,
        long lastCommittedIndex,
        String lastCommitAt,
        long rowsLoadedTotal,
        long rowsLoadedByThisProcess,
        long eventsBehind,
        String updatedAt,
        String lastError) {
}
