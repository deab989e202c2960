package dev.synclog.exporter.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB, the embedded default. A database file's catalog is named after the file, so with the default
 * {@code synclog.duckdb} and schema {@code synclog} the name {@code synclog.sync_runs} is ambiguous: the
 * loader therefore always names catalog, schema and table.
 */
public final class DuckDbDialect implements WarehouseDialect {
    private final String catalog;

    public DuckDbDialect(String catalog) {
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String sqlType(ColumnType type) {
        return switch (type) {
            case TEXT -> "VARCHAR";
            case INT -> "INTEGER";
            case BIGINT -> "BIGINT";
            // UTC; the loader binds epoch microseconds.
            case TIMESTAMP -> "TIMESTAMP";
            case JSON -> "JSON";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    /**
     * Folds the write-ahead log left by a crash into the file at once. Otherwise an exporter killed again and
     * again before DuckDB's automatic checkpoint replays an ever longer log at every start.
     */
    @Override
    public void prepareConnection(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    @Override
    public String table(String schema, String table) {
        return quote(catalog) + "." + quote(schema) + "." + quote(table);
    }

    /**
     * DuckDB binds a view's table names within the view's own schema, so views name siblings unqualified
     * and keep working in a copy of the file or when it is attached under another name.
     */
    @Override
    public String tableInView(String schema, String table) {
        return quote(table);
    }

    @Override
    public String jsonKeys(String jsonExpression) {
        return "unnest(json_keys(" + jsonExpression + "))";
    }

    @Override
    public void createStage(Connection connection, TableDefinition stage) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + quote(stage.name()) + " (" + stage.columnDefinitions(this) + ")");
        }
    }

    @Override
    public String stageTable(String stageName) {
        return "temp.main." + quote(stageName);
    }

    @Override
    public void bulkLoad(Connection connection, String schema, TableDefinition table, BulkRows rows)
            throws SQLException {
        List<Column> columns = table.columns();
        DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
        try (DuckDBAppender appender = schema == null ? duck.createAppender("temp", "main", table.name())
                : duck.createAppender(catalog, schema, table.name())) {
            for (int row = 0; row < rows.size(); row++) {
                appender.beginRow();
                for (int column = 0; column < columns.size(); column++) {
                    Object value = rows.value(row, column);
                    if (value == null) {
                        appender.appendNull();
                    } else if (columns.get(column).type() == ColumnType.TIMESTAMP) {
                        appender.appendEpochMicros((Long) value);
                    } else if (value instanceof Integer i) {
                        appender.append(i.intValue());
                    } else if (value instanceof Long l) {
                        appender.append(l.longValue());
                    } else if (value instanceof Boolean b) {
                        appender.append(b.booleanValue());
                    } else {
                        appender.append((String) value);
                    }
                }
                appender.endRow();
            }
        }
    }

    @Override
    public void lockSnapshotKeys(Connection connection, Collection<String> syncIds) {
        // DuckDB admits one writing process per file: no other exporter can add keys.
    }

    @Override
    public void bindTimestamp(PreparedStatement statement, int index, long epochMicros) throws SQLException {
        statement.setObject(index, LocalDateTime.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                (int) Math.floorMod(epochMicros, 1_000_000L) * 1000, ZoneOffset.UTC));
    }

    @Override
    public void lockForMigration(Connection connection) {
        // DuckDB admits one writing process per file: there is nobody to serialise with.
    }

    /**
     * Maintaining an ART index made commits cost more than the load itself: over the changelog, and over the
     * snapshot's two strings (a raw load into both tables took about three times the CPU of the changelog alone).
     */
    @Override
    public boolean indexesKeysKeptByLoader() {
        return false;
    }

    @Override
    public List<String> secondaryIndexes(String schema) {
        // Indexes slow the Appender down; run lookups scan by zone maps, as run ids grow with time.
        return List.of();
    }

    @Override
    public boolean isTransient(SQLException e) {
        return isLocked(e);
    }

    @Override
    public String adviceWhenUnavailable(SQLException e) {
        return isLocked(e) ? "another process has this DuckDB file open and DuckDB admits one process per file: close"
                + " that process (the PID above), or give readers a --duckdb-copy to query instead" : null;
    }

    private static boolean isLocked(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Could not set lock on file") || message.contains("Conflicting lock");
    }
}
