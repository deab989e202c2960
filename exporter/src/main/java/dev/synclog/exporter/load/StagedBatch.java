package dev.synclog.exporter.load;

import static dev.synclog.exporter.warehouse.Column.optional;
import static dev.synclog.exporter.warehouse.Column.required;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.synclog.exporter.warehouse.BulkRows;
import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.ColumnType;
import dev.synclog.exporter.warehouse.TableDefinition;

/**
 * A batch's rows as they are staged: the changelog columns plus what the batch itself says about each row, worked out
 * here in one pass over rows that are in memory anyway. The warehouse then resolves upserts with one lookup of the
 * snapshot for the upsert rows alone and merges the snapshot from the stage's latest rows, instead of three window
 * functions and two joins against the whole snapshot per batch.
 *
 * <p>Run ids are compared as Java strings, which agrees with the warehouse's ordering for the ASCII ids the agent
 * writes; the snapshot's guard against older rows still compares in the warehouse.
 */
public final class StagedBatch implements BulkRows {
    /** Per connection, temporary: changelog columns, then the three below in this order. */
    public static final TableDefinition STAGE = new TableDefinition("synclog_stage_changelog", stageColumns(), List.of());

    private static final ChangelogColumn[] CHANGELOG = ChangelogColumn.values();

    private final List<ChangelogRow> rows;
    /** An earlier row of the batch with the same (sync_id, row_id) succeeded. */
    private final boolean[] succeededBefore;
    /** The row the snapshot keeps of its (sync_id, row_id): the greatest run id, then the latest in the queue. */
    private final boolean[] latestInBatch;
    /** On a latest row: the least run id in which a row of its key succeeded in this batch. */
    private final String[] firstSucceededRunId;

    private record RowKey(String syncId, String rowId) {
    }

    private static final class KeyState {
        int latest;
        boolean succeeded;
        String firstSucceededRunId;
    }

    public StagedBatch(List<ChangelogRow> rows) {
        this.rows = rows;
        int n = rows.size();
        this.succeededBefore = new boolean[n];
        this.latestInBatch = new boolean[n];
        this.firstSucceededRunId = new String[n];
        Map<RowKey, KeyState> keys = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            ChangelogRow row = rows.get(i);
            KeyState key = keys.get(new RowKey(row.syncId(), row.rowId()));
            if (key == null) {
                key = new KeyState();
                key.latest = i;
                keys.put(new RowKey(row.syncId(), row.rowId()), key);
            } else {
                succeededBefore[i] = key.succeeded;
                // Rows are in queue order, so a tie on the run id goes to this later row.
                if (row.syncRunId().compareTo(rows.get(key.latest).syncRunId()) >= 0) {
                    key.latest = i;
                }
            }
            if (row.status().equals("succeeded")) {
                key.succeeded = true;
                if (key.firstSucceededRunId == null || row.syncRunId().compareTo(key.firstSucceededRunId) < 0) {
                    key.firstSucceededRunId = row.syncRunId();
                }
            }
        }
        for (KeyState key : keys.values()) {
            latestInBatch[key.latest] = true;
            firstSucceededRunId[key.latest] = key.firstSucceededRunId;
        }
    }

    public List<ChangelogRow> rows() {
        return rows;
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public Object value(int row, int column) {
        if (column < CHANGELOG.length) {
            return CHANGELOG[column].valueOf(rows.get(row));
        }
        return switch (column - CHANGELOG.length) {
            case 0 -> succeededBefore[row];
            case 1 -> latestInBatch[row];
            default -> firstSucceededRunId[row];
        };
    }

    private static List<Column> stageColumns() {
        List<Column> columns = new ArrayList<>(ChangelogColumn.columns());
        columns.add(required("succeeded_before", ColumnType.BOOLEAN));
        columns.add(required("latest_in_batch", ColumnType.BOOLEAN));
        columns.add(optional("first_succeeded_run_id", ColumnType.TEXT));
        return List.copyOf(columns);
    }
}
