package dev.synclog.exporter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real warehouse for a test: a DuckDB file, or a fresh schema in one PostgreSQL server shared per JVM. */
public enum TestWarehouse {
    DUCKDB, POSTGRES;

    private static EmbeddedPostgres postgres;

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    public static String postgresUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** A URL for a warehouse nobody else uses. */
    public String freshUrl(Path tmp) {
        return switch (this) {
            case DUCKDB -> "jdbc:duckdb:" + tmp.resolve("synclog-" + UUID.randomUUID() + ".duckdb");
            case POSTGRES -> postgresUrl(postgres().getPort());
        };
    }

    /** DuckDB test files are fresh; PostgreSQL tests share one database, so each takes its own schema. */
    public String freshSchema() {
        return this == DUCKDB ? "synclog" : "t_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Fully qualified: a DuckDB file's catalog is named after the file. */
    public String table(String url, String schema, String table) {
        if (this == DUCKDB) {
            String file = Path.of(url.substring("jdbc:duckdb:".length())).getFileName().toString();
            return "\"" + file.substring(0, file.length() - ".duckdb".length()) + "\".\"" + schema + "\".\"" + table + "\"";
        }
        return "\"" + schema + "\".\"" + table + "\"";
    }

    /** Every row of a query, each value normalised: timestamps as UTC ISO instants, numbers as longs or doubles. */
    public static List<List<Object>> rows(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(normalise(r.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Object normalise(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof java.time.OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
            return ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())
                    ? (Object) ((Number) v).longValue() : (Object) ((Number) v).doubleValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v != null && v.getClass().getName().contains("PGobject")) {
            return v.toString();
        }
        if (v != null && v.getClass().getName().contains("JsonNode")) {
            return v.toString();
        }
        return v;
    }
}
