package dev.synclog.exporter.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One open connection to a warehouse, the dialect that speaks to it, and the schema synclog owns there. */
public final class Warehouse implements AutoCloseable {
    public static final String DEFAULT_URL = "jdbc:duckdb:./synclog.duckdb";
    public static final String DEFAULT_SCHEMA = "synclog";

    private final Connection connection;
    private final WarehouseDialect dialect;
    private final String schema;

    private Warehouse(Connection connection, WarehouseDialect dialect, String schema) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.schema = schema;
        try {
            dialect.prepareConnection(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** @throws IllegalArgumentException for a JDBC URL of a warehouse synclog does not support */
    public static Warehouse connect(String jdbcUrl, String schema) throws SQLException {
        if (jdbcUrl.startsWith("jdbc:duckdb:")) {
            Connection c = DriverManager.getConnection(jdbcUrl);
            return new Warehouse(c, new DuckDbDialect(currentCatalog(c)), schema);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new Warehouse(DriverManager.getConnection(jdbcUrl), new PostgresDialect(), schema);
        }
        throw new IllegalArgumentException("unsupported warehouse URL '" + redact(jdbcUrl)
                + "': use jdbc:duckdb:PATH or jdbc:postgresql://HOST:PORT/DB?user=...");
    }

    /** Whether a failure to connect or load is worth retrying later, judged by the URL's warehouse. */
    public static boolean isTransient(String jdbcUrl, SQLException e) {
        return dialectOf(jdbcUrl).isTransient(e);
    }

    /** A transient failure's message, with what the operator can do about it when the warehouse knows. */
    public static String describeUnavailable(String jdbcUrl, SQLException e) {
        String advice = dialectOf(jdbcUrl).adviceWhenUnavailable(e);
        return e.getMessage() + (advice == null ? "" : "; " + advice);
    }

    private static WarehouseDialect dialectOf(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:duckdb:") ? new DuckDbDialect(null) : new PostgresDialect();
    }

    private static String currentCatalog(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_database()")) {
            r.next();
            return r.getString(1);
        }
    }

    /** The URL without its password, for logs and the status file. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Connection connection() {
        return connection;
    }

    public WarehouseDialect dialect() {
        return dialect;
    }

    public String schema() {
        return schema;
    }

    public String table(TableDefinition table) {
        return dialect.table(schema, table.name());
    }

    public String quote(String identifier) {
        return dialect.quote(identifier);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
