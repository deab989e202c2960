package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;
import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.DuckDbDialect;
import dev.synclog.exporter.warehouse.PostgresDialect;
import dev.synclog.exporter.warehouse.WarehouseDialect;
import dev.synclog.exporter.warehouse.TableDefinition;
import dev.synclog.exporter.warehouse.Tables;

class SchemaMigratorTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void initIsRepeatableKeepsDataAndRefusesANewerSchema(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        Cli.Result first = Cli.run("init", "--warehouse", url, "--schema", schema);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("is at version 6");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).ok("s", "r", "1", "added", "{}", 1);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        String changelog = LoaderTest.table(wh, url, schema, "sync_changelog");
        String versions = LoaderTest.table(wh, url, schema, "synclog_schema_version");
        String runs = LoaderTest.table(wh, url, schema, "sync_runs");
        // A warehouse of version 3 left an open run's counts at 0: version 4 counts its rows once.
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE " + runs + " SET num_planned_add = 0, num_attempted_add = 0, num_succeeded_add = 0");
            s.execute("DELETE FROM " + versions + " WHERE version >= 4");
        }
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        assertThat(rows(url, "SELECT count(*) FROM " + changelog)).containsExactly(List.of(1L));
        assertThat(rows(url, "SELECT version FROM " + versions + " ORDER BY version"))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L), List.of(6L));
        assertThat(rows(url, "SELECT num_planned_add, num_attempted_add, num_succeeded_add, num_failed_add FROM "
                + runs)).containsExactly(List.of(1L, 1L, 1L, 0L));

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + versions + " VALUES (7, CURRENT_TIMESTAMP, 'from a newer exporter')");
        }
        Cli.Result newer = Cli.run("init", "--warehouse", url, "--schema", schema);
        assertThat(newer.exitCode()).isEqualTo(1);
        assertThat(newer.err()).contains("schema " + schema + " is at version 7, newer than this exporter's 6: "
                + "upgrade the exporter");
        assertThat(rows(url, "SELECT count(*) FROM " + changelog)).containsExactly(List.of(1L));
    }

    /**
     * A warehouse of version 5 counted a row's greatest attempt in its run, which the agent's attempt window can make an
     * older one than its newest: version 6 counts every run's rows again, each by its newest attempt.
     */
    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void aWarehouseOfVersionFiveCountsEachRowByItsNewestAttempt(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1)
                    .row("s", "r1", "a", "added", "failed", "rate limited", "{}", 2, 10)
                    .row("s", "r1", "a", "added", "succeeded", null, "{}", 1, 20);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        String runs = LoaderTest.table(wh, url, schema, "sync_runs");
        String versions = LoaderTest.table(wh, url, schema, "synclog_schema_version");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE " + runs + " SET num_succeeded_add = 0, num_failed_add = 1");
            s.execute("DELETE FROM " + versions + " WHERE version >= 6");
        }
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        assertThat(rows(url, "SELECT max(version) FROM " + versions)).containsExactly(List.of(6L));
        assertThat(rows(url, "SELECT num_planned_add, num_attempted_add, num_succeeded_add, num_failed_add FROM "
                + runs)).containsExactly(List.of(1L, 1L, 1L, 0L));
    }

    /**
     * A warehouse of version 2 (changelog keyed by excerpt alone) gains queue_row, its rows at 0, and loads calls of
     * several rows in one excerpt next to them; PostgreSQL's key becomes (source_id, queue_index, queue_row).
     */
    @ParameterizedTest
    @EnumSource(TestWarehouse.class)
    void aWarehouseOfVersionTwoGainsQueueRowAndLoadsCallsOfManyRows(TestWarehouse wh) throws Exception {
        String url = wh.freshUrl(tmp);
        String schema = wh.freshSchema();
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        String changelog = LoaderTest.table(wh, url, schema, "sync_changelog");
        String snapshot = LoaderTest.table(wh, url, schema, "sync_snapshot");
        WarehouseDialect dialect = wh == TestWarehouse.DUCKDB ? new DuckDbDialect("unused") : new PostgresDialect();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (TableDefinition t : List.of(Tables.CHANGELOG, Tables.SNAPSHOT)) {
                String name = LoaderTest.table(wh, url, schema, t.name());
                // The views are made again by the migration.
                s.execute("DROP TABLE " + name + (wh == TestWarehouse.POSTGRES ? " CASCADE" : ""));
                s.execute(new TableDefinition(t.name(), columnsBefore(t), t.primaryKey().stream()
                        .filter(k -> !k.equals("queue_row")).toList(), t.keyKeptByLoader()).createSql(dialect, name));
            }
            s.execute("DELETE FROM " + LoaderTest.table(wh, url, schema, "synclog_schema_version") + " WHERE version >= 3");
        }
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 0).ok("s", "r1", "1", "added", "{}", 1);
            Cli.runOnce(q.dir.toString(), url, schema);
            q.rowsPerCall(3);
            for (int i = 2; i <= 7; i++) {
                q.ok("s", "r1", Integer.toString(i), "added", "{}", i);
            }
            q.runFinished("s", "r1", "succeeded", null, 9);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        assertThat(rows(url, "SELECT row_id, queue_row FROM " + changelog + " ORDER BY queue_index, queue_row"))
                .containsExactly(List.of("1", 0L), List.of("2", 0L), List.of("3", 1L), List.of("4", 2L),
                        List.of("5", 0L), List.of("6", 1L), List.of("7", 2L));
        assertThat(rows(url, "SELECT count(DISTINCT (source_id, queue_index, queue_row)), count(DISTINCT queue_index)"
                + " FROM " + changelog)).containsExactly(List.of(7L, 3L));
        assertThat(rows(url, "SELECT count(*), sum(queue_row) FROM " + snapshot)).containsExactly(List.of(7L, 6L));
        if (wh == TestWarehouse.POSTGRES) {
            assertThat(rows(url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '" + changelog
                    + "'::regclass AND contype = 'p'")).containsExactly(List.of("PRIMARY KEY (source_id, queue_index, queue_row)"));
        }
    }

    /** The columns of a table of schema version 2 (before queue_row), in their order. */
    static List<Column> columnsBefore(TableDefinition table) {
        return table.columns().stream().filter(c -> !c.name().equals("queue_row")).toList();
    }

    /** A DuckDB file of version 1 keeps its snapshot rows, loses the snapshot's index, and loads on as before. */
    @Test
    void aDuckDbFileOfVersionOneIsRebuiltWithoutTheSnapshotIndex() throws Exception {
        String url = TestWarehouse.DUCKDB.freshUrl(tmp);
        String schema = TestWarehouse.DUCKDB.freshSchema();
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        String snapshot = LoaderTest.table(TestWarehouse.DUCKDB, url, schema, "sync_snapshot");
        String versions = LoaderTest.table(TestWarehouse.DUCKDB, url, schema, "synclog_schema_version");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // Version 1's snapshot, primary key and all, holding one row that succeeded in run r1.
            s.execute("DROP TABLE " + snapshot);
            s.execute(new TableDefinition("sync_snapshot", columnsBefore(Tables.SNAPSHOT), List.of("sync_id", "row_id"))
                    .createSql(new DuckDbDialect("unused"), snapshot));
            s.execute("INSERT INTO " + snapshot + " (sync_id, sync_run_id, row_id, op_type, status, attempt, event_time,"
                    + " source_id, queue_index, first_succeeded_run_id) VALUES ('s', 'r1', '1', 'added', 'succeeded', 1,"
                    + " TIMESTAMP '2024-01-01 00:00:00', 'earlier', 7, 'r1')");
            s.execute("DELETE FROM " + versions + " WHERE version >= 2");
        }
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).ok("s", "r2", "1", "upsert", "{}", 1).ok("s", "r2", "2", "upsert", "{}", 2);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        assertThat(rows(url, "SELECT version FROM " + versions + " ORDER BY version"))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L), List.of(6L));
        assertThat(rows(url, "SELECT row_id, sync_run_id, op_type, first_succeeded_run_id FROM " + snapshot
                + " ORDER BY row_id")).containsExactly(List.of("1", "r2", "changed", "r1"), List.of("2", "r2", "added", "r2"));
        assertThat(rows(url, "SELECT count(*) FROM duckdb_constraints() WHERE schema_name = '" + schema
                + "' AND table_name = 'sync_snapshot' AND constraint_type = 'PRIMARY KEY'")).containsExactly(List.of(0L));
    }
}
