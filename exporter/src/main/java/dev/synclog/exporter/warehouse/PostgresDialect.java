package dev.synclog.exporter.warehouse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.postgresql.PGConnection;

/** PostgreSQL, the first server warehouse: binary COPY into a temporary stage, then set-based SQL. */
public final class PostgresDialect implements WarehouseDialect {
    /** Arbitrary constant naming synclog's advisory lock for schema migrations. */
    private static final long MIGRATION_LOCK = 0x73796e636c6f67L;
    /** Arbitrary constant naming synclog's advisory locks on a sync's snapshot keys (the second key: the sync id's hash). */
    private static final int SNAPSHOT_KEYS_LOCK = 0x73796e63;
    /** Admin shutdown, crash shutdown, cannot connect now, too many connections. */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String sqlType(ColumnType type) {
        return switch (type) {
            case TEXT -> "text";
            case INT -> "integer";
            case BIGINT -> "bigint";
            case TIMESTAMP -> "timestamptz";
            case JSON -> "jsonb";
            case BOOLEAN -> "boolean";
        };
    }

    @Override
    public void prepareConnection(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // Shows who is connected in pg_stat_activity.
            s.execute("SET application_name = 'synclog-exporter'");
        }
    }

    @Override
    public String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    @Override
    public String tableInView(String schema, String table) {
        return table(schema, table);
    }

    @Override
    public String jsonKeys(String jsonExpression) {
        return "jsonb_object_keys(" + jsonExpression + ")";
    }

    @Override
    public void createStage(Connection connection, TableDefinition stage) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + quote(stage.name()) + " (" + stage.columnDefinitions(this)
                    + ") ON COMMIT DELETE ROWS");
        }
    }

    @Override
    public String stageTable(String stageName) {
        return "pg_temp." + quote(stageName);
    }

    @Override
    public void bulkLoad(Connection connection, String schema, TableDefinition table, BulkRows rows)
            throws SQLException {
        byte[] copy = PostgresBinaryCopy.encode(table.columns(), rows);
        String target = schema == null ? stageTable(table.name()) : table(schema, table.name());
        String sql = "COPY " + target + " (" + table.columnList(this) + ") FROM STDIN (FORMAT binary)";
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(copy));
        } catch (IOException e) {
            throw new SQLRecoverableException("COPY into " + target + " was interrupted", "08006", e);
        }
    }

    /** In hash order, so that two exporters never each hold a lock the other waits for. */
    @Override
    public void lockSnapshotKeys(Connection connection, Collection<String> syncIds) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, h) FROM (SELECT DISTINCT"
                + " hashtext(id) AS h FROM unnest(?::text[]) AS id ORDER BY h) AS ids")) {
            s.setInt(1, SNAPSHOT_KEYS_LOCK);
            s.setArray(2, connection.createArrayOf("text", syncIds.toArray()));
            s.execute();
        }
    }

    @Override
    public void bindTimestamp(PreparedStatement statement, int index, long epochMicros) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(Instant.EPOCH.plusNanos(epochMicros * 1000L), ZoneOffset.UTC));
    }

    @Override
    public void lockForMigration(Connection connection) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, MIGRATION_LOCK);
            s.execute();
        }
    }

    @Override
    public boolean indexesKeysKeptByLoader() {
        return true;
    }

    @Override
    public List<String> secondaryIndexes(String schema) {
        // Closing a run counts its rows' final attempts.
        return List.of("CREATE INDEX IF NOT EXISTS " + quote("sync_changelog_run_idx") + " ON "
                + table(schema, "sync_changelog") + " (" + quote("sync_id") + ", " + quote("sync_run_id") + ")");
    }

    /**
     * Half of each page left free when rows are inserted, so that a run sending a key again writes the row's new
     * version on the same page (a heap-only update): its primary-key index is left alone, and the old version is
     * pruned from the page later. That made a batch of re-sent keys' update about 40% faster, for a table about twice
     * the size; the changelog, never updated, keeps full pages.
     */
    @Override
    public List<String> snapshotStorage(String schema) {
        return List.of("ALTER TABLE " + table(schema, "sync_snapshot") + " SET (fillfactor = 50)");
    }

    @Override
    public String rowAddress() {
        return "ctid";
    }

    /**
     * The planner, counting each probe as a page read from disk, hashes the whole snapshot once a batch's keys are
     * more than about a tenth of it: several times slower with the pages cached, and slower with every run. Hash and
     * merge joins are turned off for this statement only ({@code SET LOCAL}, then back to the server's default).
     */
    @Override
    public List<String> probingKeys(String statement) {
        return List.of("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off", statement,
                "SET LOCAL enable_hashjoin TO DEFAULT", "SET LOCAL enable_mergejoin TO DEFAULT");
    }

    /**
     * Values over about 2 kB (wide model rows' {@code fields}) go to the table's TOAST relation; an update that sets
     * the column to the row's own value keeps the pointer instead of writing the value out again.
     */
    @Override
    public boolean keepsLargeValuesSetToThemselves() {
        return true;
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state)));
    }
}
