package dev.synclog.exporter.load;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Bulk-loads a batch's rows into the stage through the dialect's fast path, then moves them into
 * {@code sync_changelog} in one set-based statement that resolves {@code upsert}: a row's first success is
 * {@code added}, everything after it {@code changed}, judged by the snapshot plus the earlier rows of the batch.
 */
public final class ChangelogWriter {
    static final String STAGE = "synclog_stage_changelog";

    private final Warehouse warehouse;
    private final String insertResolved;

    public ChangelogWriter(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.insertResolved = insertResolvedSql();
    }

    /** Once per connection: the stage is a temporary table. */
    public void prepare() throws SQLException {
        warehouse.dialect().createStage(warehouse.connection(), STAGE, Tables.CHANGELOG, warehouse.table(Tables.CHANGELOG));
    }

    public void write(List<ChangelogRow> rows) throws SQLException {
        String stage = warehouse.dialect().stageTable(STAGE);
        try (Statement s = warehouse.connection().createStatement()) {
            s.execute("DELETE FROM " + stage);
            warehouse.dialect().bulkLoad(warehouse.connection(), STAGE, rows);
            s.executeUpdate(insertResolved);
        }
    }

    private String insertResolvedSql() {
        String stage = warehouse.dialect().stageTable(STAGE);
        String select = ChangelogColumn.columns().stream()
                .map(c -> c.name().equals("op_type") ? """
                        CASE WHEN s.op_type <> 'upsert' THEN s.op_type
                             WHEN snap.first_succeeded_run_id IS NOT NULL OR s.succeeded_before THEN 'changed'
                             ELSE 'added' END""" : "s." + warehouse.quote(c.name()))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + warehouse.table(Tables.CHANGELOG) + " (" + Tables.CHANGELOG.columnList(warehouse.dialect())
                + ") SELECT " + select + " FROM (SELECT st.*, coalesce(bool_or(st.status = 'succeeded') OVER ("
                + "PARTITION BY st.sync_id, st.row_id ORDER BY st.queue_index "
                + "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS succeeded_before FROM " + stage
                + " st) s LEFT JOIN " + warehouse.table(Tables.SNAPSHOT)
                + " snap ON snap.sync_id = s.sync_id AND snap.row_id = s.row_id";
    }
}
