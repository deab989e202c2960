package dev.synclog.exporter.cli;

import picocli.CommandLine.Option;

import dev.synclog.exporter.warehouse.Warehouse;

public final class WarehouseOptions {
    @Option(names = "--warehouse", paramLabel = "JDBC_URL", defaultValue = Warehouse.DEFAULT_URL,
            description = "Warehouse JDBC URL: jdbc:duckdb:PATH or jdbc:postgresql://HOST:PORT/DB?user=U&password=P"
                    + " (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--schema", defaultValue = Warehouse.DEFAULT_SCHEMA,
            description = "Schema holding synclog's tables and views (default: ${DEFAULT-VALUE}).")
    String schema;
}
