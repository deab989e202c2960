package dev.synclog.exporter.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One open connection to a warehouse, the dialect that speaks to it, and the schema synclog owns there. */
public final class Warehouse implements AutoCloseable {
    public static final String DEFAULT_URL = "jdbc:duckdb:./synclog.duckdb";
    public static final String DEFAULT_SCHEMA = "synclog";
    private static final Pattern PASSWORD = Pattern.compile("(?i)password=([^&]*)");

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
            Connection c = open(jdbcUrl);
            UnpackedDuckDbLibrary.deleteLoadedCopy();
            return new Warehouse(c, new DuckDbDialect(currentCatalog(c)), schema);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new Warehouse(open(jdbcUrl), new PostgresDialect(), schema);
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

    /**
     * Drivers and the JDK's DriverManager quote the whole URL in some messages ("Unable to parse URL …", "No suitable
     * driver found for …"), and every message ends up in logs and the status file: it leaves here without the password.
     */
    private static Connection open(String jdbcUrl) throws SQLException {
        try {
            return DriverManager.getConnection(jdbcUrl);
        } catch (SQLException e) {
            String message = redact(jdbcUrl, e.getMessage());
            if (Objects.equals(message, e.getMessage())) {
                throw e;
            }
            // Same kind, state and code, so that the retry decision is the one the original would have had.
            SQLException redacted = e instanceof SQLTransientException
                    ? new SQLTransientConnectionException(message, e.getSQLState(), e.getErrorCode())
                    : e instanceof SQLRecoverableException ? new SQLRecoverableException(message, e.getSQLState(), e.getErrorCode())
                    : new SQLException(message, e.getSQLState(), e.getErrorCode());
            redacted.setStackTrace(e.getStackTrace());
            throw redacted;
        }
    }

    /** The URL without its password, for logs and the status file. */
    public static String redact(String jdbcUrl) {
        // Up to the next '&' only: pgjdbc takes ';' as part of the value, so a password may hold one.
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** {@code message} without the URL's password, whether it quotes the whole URL or the password alone. */
    static String redact(String jdbcUrl, String message) {
        if (message == null) {
            return null;
        }
        String out = message.replace(jdbcUrl, redact(jdbcUrl));
        Matcher password = PASSWORD.matcher(jdbcUrl);
        while (password.find()) {
            if (!password.group(1).isEmpty()) {
                out = out.replace(password.group(1), "***");
            }
        }
        return out;
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
