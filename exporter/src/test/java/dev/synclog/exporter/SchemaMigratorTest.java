package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

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
        assertThat(first.out()).contains("is at version 1");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).ok("s", "r", "1", "added", "{}", 1);
            Cli.runOnce(q.dir.toString(), url, schema);
        }
        assertThat(Cli.run("init", "--warehouse", url, "--schema", schema).exitCode()).isZero();
        String changelog = LoaderTest.table(wh, url, schema, "sync_changelog");
        String versions = LoaderTest.table(wh, url, schema, "synclog_schema_version");
        assertThat(rows(url, "SELECT count(*) FROM " + changelog)).containsExactly(List.of(1L));
        assertThat(rows(url, "SELECT version FROM " + versions)).containsExactly(List.of(1L));

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + versions + " VALUES (2, CURRENT_TIMESTAMP, 'from a newer exporter')");
        }
        Cli.Result newer = Cli.run("init", "--warehouse", url, "--schema", schema);
        assertThat(newer.exitCode()).isEqualTo(1);
        assertThat(newer.err()).contains("schema " + schema + " is at version 2, newer than this exporter's 1: "
                + "upgrade the exporter");
        assertThat(rows(url, "SELECT count(*) FROM " + changelog)).containsExactly(List.of(1L));
    }
}
