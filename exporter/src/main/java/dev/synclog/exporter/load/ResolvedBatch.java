package dev.synclog.exporter.load;

import static dev.synclog.exporter.warehouse.Column.required;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.synclog.exporter.warehouse.BulkRows;
import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.ColumnType;
import dev.synclog.exporter.warehouse.TableDefinition;
import dev.synclog.exporter.warehouse.Tables;

/**
 * A batch's rows and what the loader works out about them in Java, where they are in memory anyway: per
 * (sync_id, row_id), its latest row (the one the snapshot keeps) and the least run id in which it succeeded in this
 * batch; per row, whether an earlier row of its key succeeded. Once the snapshot has said which keys it holds and
 * which of those succeeded before ({@link #heldBySnapshot}), every {@code upsert} is resolved here as well: the
 * changelog and the snapshot rows of new keys then go straight into their tables by the bulk path, as a raw load
 * would, and only keys the snapshot may hold go through a stage, which looks them up and merges them in one pass.
 *
 * <p>Run ids are compared as Java strings, which agrees with the warehouse's ordering for the ASCII ids the agent
 * writes; the snapshot's guard against older rows still compares in the warehouse.
 */
public final class ResolvedBatch {
    /**
     * Per connection, temporary: the latest rows of keys the snapshot may hold, to look up and merge into it in one
     * pass. {@code upsert_added}: the row is an upsert the batch alone calls {@code added}, which the snapshot turns
     * into {@code changed} if its row succeeded before.
     */
    public static final TableDefinition SNAPSHOT_STAGE = new TableDefinition("synclog_stage_snapshot",
            stageColumns(), List.of());

    private static final ChangelogColumn[] CHANGELOG = ChangelogColumn.values();
    private static final int OP_TYPE = ChangelogColumn.OP_TYPE.ordinal();

    private final List<ChangelogRow> rows;
    /** Per row: an earlier row of the batch with the same key succeeded. */
    private final boolean[] succeededBefore;
    /** Per row: the index of its key. */
    private final int[] keyOf;
    private final int keyCount;
    /** Per key: the row the snapshot keeps, the greatest run id, then the latest in the queue. */
    private final int[] latestRow;
    /** Per key: the least run id in which one of its rows succeeded in this batch, or null. */
    private final String[] firstSucceededRunId;
    private final boolean[] inSnapshot;
    private final boolean[] succeededInSnapshot;
    /** Per key: the run of the snapshot's row, when it holds the key. */
    private final String[] snapshotRunId;
    /** Key indexes the snapshot may hold, the first {@link #maybeHeldCount} of them: all by default. */
    private int[] maybeHeld;
    private int maybeHeldCount;

    private record RowKey(String syncId, String rowId) {
    }

    private static List<Column> stageColumns() {
        List<Column> columns = new ArrayList<>(Tables.SNAPSHOT.columns());
        columns.add(required("key_index", ColumnType.INT));
        columns.add(required("upsert_added", ColumnType.BOOLEAN));
        return List.copyOf(columns);
    }

    public ResolvedBatch(List<ChangelogRow> rows) {
        this.rows = rows;
        int n = rows.size();
        this.succeededBefore = new boolean[n];
        this.keyOf = new int[n];
        this.latestRow = new int[n];
        this.firstSucceededRunId = new String[n];
        boolean[] succeeded = new boolean[n];
        Map<RowKey, Integer> keys = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            ChangelogRow row = rows.get(i);
            Integer known = keys.putIfAbsent(new RowKey(row.syncId(), row.rowId()), keys.size());
            int key = known == null ? keys.size() - 1 : known;
            keyOf[i] = key;
            if (known == null) {
                latestRow[key] = i;
            } else {
                succeededBefore[i] = succeeded[key];
                // Rows are in queue order, so a tie on the run id goes to this later row.
                if (row.syncRunId().compareTo(rows.get(latestRow[key]).syncRunId()) >= 0) {
                    latestRow[key] = i;
                }
            }
            if (row.status().equals("succeeded")) {
                succeeded[key] = true;
                if (firstSucceededRunId[key] == null || row.syncRunId().compareTo(firstSucceededRunId[key]) < 0) {
                    firstSucceededRunId[key] = row.syncRunId();
                }
            }
        }
        this.keyCount = keys.size();
        this.inSnapshot = new boolean[keyCount];
        this.succeededInSnapshot = new boolean[keyCount];
        this.snapshotRunId = new String[keyCount];
        this.maybeHeld = new int[keyCount];
        for (int key = 0; key < keyCount; key++) {
            maybeHeld[key] = key;
        }
        this.maybeHeldCount = keyCount;
    }

    public List<ChangelogRow> rows() {
        return rows;
    }

    /**
     * The snapshot holds key {@code key} (a {@code key_index} of {@link #maybeHeld}), in a row of run {@code runId}; it
     * succeeded before if so said.
     */
    public void heldBySnapshot(int key, boolean succeededBefore, String runId) {
        inSnapshot[key] = true;
        succeededInSnapshot[key] = succeededBefore;
        snapshotRunId[key] = runId;
    }

    /** Whether the snapshot held key {@code key} before this batch. */
    boolean heldBySnapshot(int key) {
        return inSnapshot[key];
    }

    /** The key index of row {@code row}. */
    int keyOf(int row) {
        return keyOf[row];
    }

    /** The run of the snapshot's row of key {@code key} before this batch, or null when the key is new. */
    String snapshotRunId(int key) {
        return snapshotRunId[key];
    }

    int keyCount() {
        return keyCount;
    }

    String keySyncId(int key) {
        return rows.get(latestRow[key]).syncId();
    }

    String keyRowId(int key) {
        return rows.get(latestRow[key]).rowId();
    }

    /** The snapshot may hold the first {@code count} keys of {@code selected} (key indexes): the others it does not. */
    void mayBeHeld(int[] selected, int count) {
        this.maybeHeld = selected;
        this.maybeHeldCount = count;
    }

    /**
     * The latest rows of the keys the snapshot may hold, in {@link #SNAPSHOT_STAGE}'s columns: read before the snapshot
     * has said which keys it holds, as the stage's {@code op_type} is the batch's alone.
     */
    BulkRows maybeHeld() {
        int[] selected = maybeHeld;
        int count = maybeHeldCount;
        int keyIndex = Tables.SNAPSHOT.columns().size();
        return new BulkRows() {
            @Override
            public int size() {
                return count;
            }

            @Override
            public Object value(int i, int column) {
                int key = selected[i];
                if (column == keyIndex) {
                    return key;
                }
                if (column == keyIndex + 1) {
                    int row = latestRow[key];
                    return rows.get(row).opType().equals("upsert") && !succeededBefore[row];
                }
                return snapshotValue(key, column);
            }
        };
    }

    /** Every row, in {@code sync_changelog}'s columns, upserts resolved: call after the snapshot lookup. */
    public BulkRows changelog() {
        return new BulkRows() {
            @Override
            public int size() {
                return rows.size();
            }

            @Override
            public Object value(int row, int column) {
                return column == OP_TYPE ? opType(row) : CHANGELOG[column].valueOf(rows.get(row));
            }
        };
    }

    /** The latest row of each key the snapshot does not hold, in {@code sync_snapshot}'s columns. */
    public BulkRows newKeys() {
        int[] selected = new int[keyCount];
        int count = 0;
        for (int key = 0; key < keyCount; key++) {
            if (!inSnapshot[key]) {
                selected[count++] = key;
            }
        }
        int size = count;
        return new BulkRows() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Object value(int i, int column) {
                return snapshotValue(selected[i], column);
            }
        };
    }

    private Object snapshotValue(int key, int column) {
        int row = latestRow[key];
        if (column == CHANGELOG.length) {
            return firstSucceededRunId[key];
        }
        return column == OP_TYPE ? opType(row) : CHANGELOG[column].valueOf(rows.get(row));
    }

    /** A row's first success is {@code added}, everything after it {@code changed}: by the snapshot, then the batch. */
    String opType(int row) {
        String op = rows.get(row).opType();
        if (!op.equals("upsert")) {
            return op;
        }
        return succeededBefore[row] || succeededInSnapshot[keyOf[row]] ? "changed" : "added";
    }
}
