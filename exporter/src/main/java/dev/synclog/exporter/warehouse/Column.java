package dev.synclog.exporter.warehouse;

public record Column(String name, ColumnType type, boolean nullable) {
    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, true);
    }
}
