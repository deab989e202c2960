package dev.synclog.exporter.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Everything that differs between warehouses. The loader, the schema and the views are written once
 * against this interface; adding a warehouse means adding one implementation.
 */
public interface WarehouseDialect {

    String name();

    String sqlType(ColumnType type);

    /** Runs once on every new connection, before anything else. */
    void prepareConnection(Connection connection) throws SQLException;

    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** How the loader names a table of {@code schema}: unambiguous whatever the database is called. */
    String table(String schema, String table);

    /** How a view of {@code schema} names a sibling table or view. */
    String tableInView(String schema, String table);

    /** Set-returning expression listing the keys of a JSON object (one row per key, column {@code field}). */
    String jsonKeys(String jsonExpression);

    /** Creates the per-connection temporary table rows are bulk-loaded into before they are resolved and merged. */
    void createStage(Connection connection, TableDefinition stage) throws SQLException;

    /** Name under which the loader refers to the stage created by {@link #createStage}. */
    String stageTable(String stageName);

    /**
     * Fast path into {@code table} of {@code schema}, or into the stage {@code table} when {@code schema} is null:
     * DuckDB's Appender, PostgreSQL's binary COPY. Inside the caller's transaction.
     */
    void bulkLoad(Connection connection, String schema, TableDefinition table, BulkRows rows) throws SQLException;

    /**
     * Until the transaction ends, keeps other exporters from adding snapshot rows of these syncs: the loader looks the
     * batch's keys up and then inserts the keys it did not find without a conflict check.
     */
    void lockSnapshotKeys(Connection connection, Collection<String> syncIds) throws SQLException;

    void bindTimestamp(PreparedStatement statement, int index, long epochMicros) throws SQLException;

    /** Serialises schema migrations between exporters sharing a warehouse. */
    void lockForMigration(Connection connection) throws SQLException;

    /**
     * Whether tables whose key the loader keeps unique by itself ({@code sync_changelog}, {@code sync_snapshot}) get
     * their primary key as an index.
     */
    boolean indexesKeysKeptByLoader();

    /** Indexes the loader's own queries need besides the primary keys. */
    List<String> secondaryIndexes(String schema);

    /**
     * Storage settings of {@code sync_snapshot}, whose rows every run that sends its keys again rewrites: none by
     * default.
     */
    default List<String> snapshotStorage(String schema) {
        return List.of();
    }

    /**
     * The system column giving a row's place in its table, valid for the rest of the statement (PostgreSQL's
     * {@code ctid}), where an {@code UPDATE … RETURNING} may also stand in a {@code WITH} clause beside a query that then
     * sees the table as it was before the update; null if either is missing. With it the loader looks the snapshot's
     * keys up and updates the rows it found by their place, in one statement: one probe of the key, not two.
     */
    default String rowAddress() {
        return null;
    }

    /**
     * {@code statement}, a join of a stage with a table by the table's primary key, made to probe that key once per
     * stage row rather than read the whole table, as statements to run in order (only {@code statement} itself returns
     * rows or counts). A batch's keys are few next to a snapshot that grows with every run.
     */
    default List<String> probingKeys(String statement) {
        return List.of(statement);
    }

    /**
     * Whether a large value stored apart from its row is kept, not written again, when an update sets its column to the
     * row's own value: the loader then sets a re-sent row's unchanged {@code fields} so. No by default (comparing the
     * values costs more than it saves).
     */
    default boolean keepsLargeValuesSetToThemselves() {
        return false;
    }

    /** A row refused by a primary key. */
    default boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Connection lost, server restarting, file locked by another process: worth retrying later. */
    boolean isTransient(SQLException e);

    /** For a transient failure, what the operator can do about it (appended to the retry line), or null. */
    default String adviceWhenUnavailable(SQLException e) {
        return null;
    }
}
