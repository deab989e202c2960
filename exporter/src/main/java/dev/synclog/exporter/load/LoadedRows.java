package dev.synclog.exporter.load;

/**
 * Rows one committed batch wrote, per table: for the exporter's metrics.
 *
 * @param changelog rows appended to {@code sync_changelog}
 * @param snapshot  rows of {@code sync_snapshot} inserted or updated (a replayed row changes none)
 * @param runs      runs of {@code sync_runs} the batch had events of (each inserted or updated)
 * @param times     how long each part of loading the batch took
 */
public record LoadedRows(long changelog, long snapshot, long runs, PhaseTimes times) {
}
