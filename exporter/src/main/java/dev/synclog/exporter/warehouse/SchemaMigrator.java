package dev.synclog.exporter.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.synclog.exporter.load.RunCounts;

/**
 * Creates synclog's schema or migrates it in place. Tables are created or altered, and rebuilt only where a dialect
 * needs it (copied, dropped and renamed in the same transaction, so no row is ever lost); views hold no data and are
 * recreated on every start, so they always match the exporter's version.
 */
public final class SchemaMigrator {
    /** A numbered step; steps run once each, in order, each in its own transaction. */
    private record Migration(int version, String description, List<String> statements) {
    }

    private final Warehouse warehouse;

    public SchemaMigrator(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public static int latestVersion() {
        return 3;
    }

    /** @return the schema version now in place */
    public int migrate() throws SQLException {
        Connection c = warehouse.connection();
        WarehouseDialect dialect = warehouse.dialect();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            dialect.lockForMigration(c);
            execute(List.of("CREATE SCHEMA IF NOT EXISTS " + warehouse.quote(warehouse.schema()),
                    Tables.SCHEMA_VERSION.createSql(dialect, warehouse.table(Tables.SCHEMA_VERSION))));
            int current = currentVersion();
            if (current > latestVersion()) {
                throw new SQLException("schema " + warehouse.schema() + " is at version " + current
                        + ", newer than this exporter's " + latestVersion() + ": upgrade the exporter", "55000");
            }
            dropViews();
            for (Migration m : migrations()) {
                if (m.version() > current) {
                    execute(m.statements());
                    recordVersion(m);
                }
            }
            createViews();
            c.commit();
            return latestVersion();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private List<Migration> migrations() {
        WarehouseDialect dialect = warehouse.dialect();
        List<String> v1 = new ArrayList<>();
        for (TableDefinition t : List.of(Tables.CHANGELOG, Tables.SNAPSHOT, Tables.RUNS, Tables.SOURCES)) {
            v1.add(t.createSql(dialect, warehouse.table(t)));
        }
        v1.addAll(dialect.secondaryIndexes(warehouse.schema()));
        return List.of(new Migration(1, "sync_changelog, sync_snapshot, sync_runs, sync_sources", v1),
                new Migration(2, "sync_snapshot's key kept by the loader", snapshotKeyKeptByLoader()),
                // Counts used to be filled when a run closed; the loader now keeps them current as rows load.
                new Migration(3, "sync_runs counts kept current, sync_snapshot's room for updates",
                        runCountsAndSnapshotStorage()));
    }

    private List<String> runCountsAndSnapshotStorage() {
        List<String> statements = new ArrayList<>(List.of(RunCounts.recountSql(warehouse, "TRUE")));
        statements.addAll(warehouse.dialect().snapshotStorage(warehouse.schema()));
        return statements;
    }

    /**
     * Where the dialect leaves such keys unindexed (DuckDB), the snapshot of version 1 is rebuilt without its
     * primary key, whose index cost more than the rest of the load; DuckDB cannot drop a primary key in place.
     */
    private List<String> snapshotKeyKeptByLoader() {
        WarehouseDialect dialect = warehouse.dialect();
        if (dialect.indexesKeysKeptByLoader()) {
            return List.of();
        }
        String snapshot = warehouse.table(Tables.SNAPSHOT);
        String rebuilt = Tables.SNAPSHOT.name() + "_v2";
        String columns = Tables.SNAPSHOT.columnList(dialect);
        return List.of(
                Tables.SNAPSHOT.createSql(dialect, dialect.table(warehouse.schema(), rebuilt)),
                "INSERT INTO " + dialect.table(warehouse.schema(), rebuilt) + " (" + columns + ") SELECT " + columns
                        + " FROM " + snapshot,
                "DROP TABLE " + snapshot,
                "ALTER TABLE " + dialect.table(warehouse.schema(), rebuilt) + " RENAME TO "
                        + warehouse.quote(Tables.SNAPSHOT.name()));
    }

    /** Before migrating: a view may name a table that a migration rebuilds. */
    private void dropViews() throws SQLException {
        List<String> statements = new ArrayList<>();
        for (int i = Views.ALL.size() - 1; i >= 0; i--) {
            statements.add("DROP VIEW IF EXISTS " + warehouse.dialect().table(warehouse.schema(), Views.ALL.get(i).name()));
        }
        execute(statements);
    }

    private void createViews() throws SQLException {
        List<String> statements = new ArrayList<>();
        for (Views.View v : Views.ALL) {
            statements.add(v.createSql(warehouse.dialect(), warehouse.schema()));
        }
        execute(statements);
    }

    private int currentVersion() throws SQLException {
        try (Statement s = warehouse.connection().createStatement();
             ResultSet r = s.executeQuery("SELECT max(" + warehouse.quote("version") + ") FROM "
                     + warehouse.table(Tables.SCHEMA_VERSION))) {
            r.next();
            return r.getInt(1);
        }
    }

    private void recordVersion(Migration m) throws SQLException {
        try (PreparedStatement s = warehouse.connection().prepareStatement("INSERT INTO "
                + warehouse.table(Tables.SCHEMA_VERSION) + " VALUES (?, ?, ?)")) {
            s.setInt(1, m.version());
            warehouse.dialect().bindTimestamp(s, 2, System.currentTimeMillis() * 1000L);
            s.setString(3, m.description());
            s.executeUpdate();
        }
    }

    private void execute(List<String> statements) throws SQLException {
        try (Statement s = warehouse.connection().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
