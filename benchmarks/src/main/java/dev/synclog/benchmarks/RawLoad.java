package dev.synclog.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.synclog.exporter.warehouse.BulkRows;
import dev.synclog.exporter.warehouse.DuckDbDialect;
import dev.synclog.exporter.warehouse.PostgresDialect;
import dev.synclog.exporter.warehouse.TableDefinition;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.WarehouseDialect;

/**
 * The raw fast path the exporter is measured against: {@link BenchRows} written straight into the exporter's own tables
 * (same schema, types and indexes, created by {@code init}) by the bulk path the exporter itself uses (DuckDB's
 * Appender, PostgreSQL's binary COPY), one thread, a commit every {@code commitEvery} rows. No queue, no upsert
 * resolution, no lookup, no merge: only the bulk write.
 */
final class RawLoad {
    static final List<TableDefinition> CHANGELOG = List.of(Tables.CHANGELOG);
    static final List<TableDefinition> CHANGELOG_AND_SNAPSHOT = List.of(Tables.CHANGELOG, Tables.SNAPSHOT);

    private RawLoad() {
    }

    static void load(String url, String schema, List<TableDefinition> tables, int rows, int commitEvery,
                     String sourceId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            WarehouseDialect dialect = url.startsWith("jdbc:duckdb:") ? new DuckDbDialect(catalog(c))
                    : new PostgresDialect();
            c.setAutoCommit(false);
            for (int from = 0; from < rows; from += commitEvery) {
                BulkRows slice = slice(from, Math.min(rows, from + commitEvery), sourceId);
                for (TableDefinition table : tables) {
                    dialect.bulkLoad(c, schema, table, slice);
                }
                c.commit();
            }
        }
    }

    private static String catalog(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_database()")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Rows {@code from} to {@code to}, in the changelog's columns; the snapshot's first_succeeded_run_id left NULL. */
    private static BulkRows slice(int from, int to, String sourceId) {
        return new BulkRows() {
            @Override
            public int size() {
                return to - from;
            }

            @Override
            public Object value(int row, int column) {
                int i = from + row;
                return switch (column) {
                    case 0 -> BenchRows.SYNC_ID;
                    case 1 -> BenchRows.RUN_ID;
                    case 2 -> BenchRows.rowId(i);
                    case 3 -> "added";
                    case 4 -> "succeeded";
                    case 6 -> BenchRows.fields(i);
                    case 7 -> "crm";
                    case 8 -> "contact";
                    case 9 -> 200;
                    case 10 -> 1;
                    case 11 -> BenchRows.eventTimeMicros(i);
                    case 12 -> BenchRows.TRACE_ID;
                    case 13 -> BenchRows.callId(i);
                    case 14 -> sourceId;
                    case 15 -> (long) i;
                    case 16 -> 0;
                    default -> null;
                };
            }
        };
    }
}
