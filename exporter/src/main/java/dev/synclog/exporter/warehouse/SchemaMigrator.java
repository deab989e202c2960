package dev.synclog.exporter.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.synclog.exporter.load.ChangelogColumn;
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
        return 6;
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
                new Migration(3, "queue_row: a call's rows share one queue excerpt", queueRow()),
                // Counts used to be filled when a run closed; the loader now keeps them current as rows load.
                new Migration(4, "sync_runs counts kept current, sync_snapshot's room for updates",
                        runCountsAndSnapshotStorage()),
                new Migration(5, "synclog_snapshot_versions: who last wrote each sync's snapshot rows",
                        List.of(Tables.SNAPSHOT_VERSIONS.createSql(dialect,
                                warehouse.table(Tables.SNAPSHOT_VERSIONS)))),
                // Counts used to follow a row's greatest attempt, which the agent's attempt window can make an older one.
                new Migration(6, "sync_runs counts by each row's newest attempt",
                        List.of(RunCounts.recountSql(warehouse, "TRUE"))));
    }

    private List<String> runCountsAndSnapshotStorage() {
        List<String> statements = new ArrayList<>(List.of(RunCounts.recountSql(warehouse, "TRUE")));
        statements.addAll(warehouse.dialect().snapshotStorage(warehouse.schema()));
        return statements;
    }

    /**
     * Agents of event schema version 2 write a call's rows in one excerpt: a changelog row is known by its excerpt
     * and its place there. Rows loaded before were one per excerpt, each at place 0. Version 1's tables are created
     * from the latest definitions, so every step here also holds where the column already is.
     */
    private List<String> queueRow() {
        WarehouseDialect dialect = warehouse.dialect();
        String changelog = warehouse.table(Tables.CHANGELOG);
        String column = warehouse.quote(ChangelogColumn.QUEUE_ROW.column().name());
        String type = dialect.sqlType(ChangelogColumn.QUEUE_ROW.column().type());
        if (!dialect.indexesKeysKeptByLoader()) {
            // DuckDB cannot add a NOT NULL column; its Appender goes by position, so the snapshot, whose last
            // column comes after the changelog's, is rebuilt with the column in its place.
            List<String> statements = new ArrayList<>(List.of(
                    "ALTER TABLE " + changelog + " ADD COLUMN IF NOT EXISTS " + column + " " + type + " DEFAULT 0"));
            statements.addAll(rebuildSnapshot("_v3"));
            return statements;
        }
        String key = Tables.CHANGELOG.primaryKey().stream().map(warehouse::quote).collect(Collectors.joining(", "));
        return List.of(
                "ALTER TABLE " + changelog + " ADD COLUMN IF NOT EXISTS " + column + " " + type + " NOT NULL DEFAULT 0",
                "ALTER TABLE " + changelog + " DROP CONSTRAINT IF EXISTS "
                        + warehouse.quote(Tables.CHANGELOG.name() + "_pkey") + ", ADD PRIMARY KEY (" + key + ")",
                "ALTER TABLE " + warehouse.table(Tables.SNAPSHOT) + " ADD COLUMN IF NOT EXISTS " + column + " " + type
                        + " NOT NULL DEFAULT 0");
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
        return rebuildSnapshot("_v2");
    }

    /**
     * The snapshot copied into a table of the latest definition, dropped, and the copy renamed, in the migration's
     * transaction. Its {@code queue_row} is 0: the snapshot rebuilt holds rows of excerpts of one row each.
     */
    private List<String> rebuildSnapshot(String suffix) {
        WarehouseDialect dialect = warehouse.dialect();
        String snapshot = warehouse.table(Tables.SNAPSHOT);
        String rebuilt = Tables.SNAPSHOT.name() + suffix;
        String queueRow = ChangelogColumn.QUEUE_ROW.column().name();
        String values = Tables.SNAPSHOT.columns().stream()
                .map(c -> c.name().equals(queueRow) ? "0" : dialect.quote(c.name()))
                .collect(Collectors.joining(", "));
        return List.of(
                Tables.SNAPSHOT.createSql(dialect, dialect.table(warehouse.schema(), rebuilt)),
                "INSERT INTO " + dialect.table(warehouse.schema(), rebuilt) + " (" + Tables.SNAPSHOT.columnList(dialect)
                        + ") SELECT " + values + " FROM " + snapshot,
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
