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
import dev.synclog.exporter.warehouse.DuckDbDialect;
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
        assertThat(first.out()).contains("is at version 3");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).ok("s", "r", "1", "added", "{}", 1);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        String changelog = LoaderTest.table(wh, url, schema, "sync_changelog");
        String versions = LoaderTest.table(wh, url, schema, "synclog_schema_version");
        String runs = LoaderTest.table(wh, url, schema, "sync_runs");
        // A warehouse of version 2 left an open run's counts at 0: version 3 counts its rows once.
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE " + runs + " SET num_planned_add = 0, num_attempted_add = 0, num_succeeded_add = 0");
            s.execute("DELETE FROM " + versions + " WHERE version = 3");
        }
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        assertThat(rows(url, "SELECT count(*) FROM " + changelog)).containsExactly(List.of(1L));
        assertThat(rows(url, "SELECT version FROM " + versions + " ORDER BY version"))
                .containsExactly(List.of(1L), List.of(2L), List.of(3L));
        assertThat(rows(url, "SELECT num_planned_add, num_attempted_add, num_succeeded_add, num_failed_add FROM "
                + runs)).containsExactly(List.of(1L, 1L, 1L, 0L));

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + versions + " VALUES (4, CURRENT_TIMESTAMP, 'from a newer exporter')");
        }
        Cli.Result newer = Cli.run("init", "--warehouse", url, "--schema", schema);
        assertThat(newer.exitCode()).isEqualTo(1);
        assertThat(newer.err()).contains("schema " + schema + " is at version 4, newer than this exporter's 3: "
                + "upgrade the exporter");
        assertThat(rows(url, "SELECT count(*) FROM " + changelog)).containsExactly(List.of(1L));
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
            s.execute(new TableDefinition("sync_snapshot", Tables.SNAPSHOT.columns(), List.of("sync_id", "row_id"))
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
                .containsExactly(List.of(1L), List.of(2L), List.of(3L));
        assertThat(rows(url, "SELECT row_id, sync_run_id, op_type, first_succeeded_run_id FROM " + snapshot
                + " ORDER BY row_id")).containsExactly(List.of("1", "r2", "changed", "r1"), List.of("2", "r2", "added", "r2"));
        assertThat(rows(url, "SELECT count(*) FROM duckdb_constraints() WHERE schema_name = '" + schema
                + "' AND table_name = 'sync_snapshot' AND constraint_type = 'PRIMARY KEY'")).containsExactly(List.of(0L));
    }
}
