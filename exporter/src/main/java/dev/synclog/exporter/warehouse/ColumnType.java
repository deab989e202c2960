package dev.synclog.exporter.warehouse;

/** Portable column types; each dialect maps them to its own SQL types. */
public enum ColumnType {
    TEXT, INT, BIGINT, TIMESTAMP, JSON, BOOLEAN
}
