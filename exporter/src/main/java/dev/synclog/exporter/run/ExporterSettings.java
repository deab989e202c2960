package dev.synclog.exporter.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * @param snapshotFilterKeys most snapshot keys the loader's key filters hold; 0 looks every key up
 * @param retain             keep consumed cycle files this long; null keeps them forever
 * @param duckDbCopy         where to publish a readable copy of a DuckDB warehouse; null for none
 */
public record ExporterSettings(
        List<Path> queues,
        String warehouseUrl,
        String schema,
        boolean once,
        int batchRows,
        long snapshotFilterKeys,
        Duration batchMaxWait,
        Duration runTimeout,
        Duration retain,
        Path duckDbCopy,
        Duration duckDbCopyEvery,
        Duration progressEvery,
        Duration maxBackoff) {
}
