package dev.synclog.exporter.warehouse;

import java.util.List;
import java.util.stream.Collectors;

/**
 * @param keyKeptByLoader the loader alone keeps the key unique (see {@link Tables}); the dialect may leave it unindexed
 */
public record TableDefinition(String name, List<Column> columns, List<String> primaryKey, boolean keyKeptByLoader) {

    public TableDefinition(String name, List<Column> columns, List<String> primaryKey) {
        this(name, columns, primaryKey, false);
    }

    public String createSql(WarehouseDialect dialect, String qualifiedName) {
        String cols = columnDefinitions(dialect);
        String key = primaryKey.isEmpty() || (keyKeptByLoader && !dialect.indexesKeysKeptByLoader()) ? ""
                : ", PRIMARY KEY (" + primaryKey.stream().map(dialect::quote).collect(Collectors.joining(", ")) + ")";
        return "CREATE TABLE IF NOT EXISTS " + qualifiedName + " (" + cols + key + ")";
    }

    /** {@code "name" TYPE [NOT NULL], ...} in table order. */
    public String columnDefinitions(WarehouseDialect dialect) {
        return columns.stream()
                .map(c -> dialect.quote(c.name()) + " " + dialect.sqlType(c.type()) + (c.nullable() ? "" : " NOT NULL"))
                .collect(Collectors.joining(", "));
    }

    public String columnList(WarehouseDialect dialect) {
        return columns.stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "));
    }
}
