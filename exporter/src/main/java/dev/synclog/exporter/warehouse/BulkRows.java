package dev.synclog.exporter.warehouse;

/** Rows for a bulk load, read by index in the column order of the table they go to. */
public interface BulkRows {
    int size();

    /** A String, Integer, Long or Boolean; epoch microseconds as a Long for TIMESTAMP columns; null when absent. */
    Object value(int row, int column);
}
