package dev.synclog.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the exporter loads from a benchmark run's queue into PostgreSQL: proof that the agent recorded every row
 * once and dropped no event to keep up (a ratio bought with dropped events would be a lie). {@code distinctRows}
 * counts {@code (sync_id, row_id)} pairs, so a row recorded twice shows as {@code rowsLoaded > distinctRows}.
 */
record ExportedRows(long rowsLoaded, long distinctRows, long eventsDropped) {
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(30);

    /** Runs the exporter once over {@code queue}, its output in {@code log}, and counts what it loaded. */
    static ExportedRows load(Repository repository, Path queue, Path log) throws Exception {
        try (PostgresWarehouse warehouse = new PostgresWarehouse()) {
            Forked.runTimed(ExporterCommand.run(repository, queue, warehouse.url(), "synclog", true), log, LOAD_TIMEOUT);
            return new ExportedRows(warehouse.count("SELECT count(*) FROM synclog.sync_changelog"),
                    warehouse.count("SELECT count(DISTINCT (sync_id, row_id)) FROM synclog.sync_changelog"),
                    warehouse.count("SELECT coalesce(sum(events_dropped), 0) FROM synclog.sync_runs")
                            + warehouse.count("SELECT coalesce(sum(events_dropped), 0) FROM synclog.sync_sources"));
        }
    }

    /** Every one of {@code rowsSent} loaded exactly once, and no event dropped. */
    boolean everyRowOnce(long rowsSent) {
        return rowsLoaded == rowsSent && distinctRows == rowsSent && eventsDropped == 0;
    }

    /** One line for a benchmark's output, with a warning when the agent's figure would understate its cost. */
    String describe(long rowsSent) {
        return String.format("loaded by the exporter: %,d row results (%,d distinct rows) of %,d sent, %,d events dropped%s",
                rowsLoaded, distinctRows, rowsSent, eventsDropped, everyRowOnce(rowsSent) ? ""
                        : "\nWARNING: the agent did not record every row exactly once, so its figures understate its cost");
    }
}
