package dev.synclog.exporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.synclog.exporter.warehouse.BulkRows;

/** What the batch itself says about each row and key, and the upserts resolved once the snapshot has answered. */
class ResolvedBatchTest {
    private static final int OP_TYPE = ChangelogColumn.OP_TYPE.ordinal();
    private static final int ROW_ID = ChangelogColumn.ROW_ID.ordinal();
    private static final int SYNC_RUN_ID = ChangelogColumn.SYNC_RUN_ID.ordinal();
    private static final int FIRST_SUCCEEDED_RUN = ChangelogColumn.values().length;

    private final List<ChangelogRow> rows = new ArrayList<>();

    private void row(String run, String rowId, String op, String status) {
        rows.add(new ChangelogRow("s1", run, rowId, op, status, null, "{}", "crm", "contact", 200, 1, 0L, null, 0L,
                "src", rows.size(), 0));
    }

    private static List<Object> column(BulkRows bulk, int column) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < bulk.size(); i++) {
            values.add(bulk.value(i, column));
        }
        return values;
    }

    private ResolvedBatch batch() {
        row("r2", "a", "upsert", "failed");
        row("r2", "a", "upsert", "succeeded");
        row("r2", "a", "upsert", "succeeded");
        row("r3", "b", "upsert", "succeeded");
        // An older run's row arriving later (a slow worker) does not replace r3's in the snapshot...
        row("r1", "b", "added", "succeeded");
        // ...and a key seen once is its own latest row.
        row("r3", "c", "removed", "aborted");
        return new ResolvedBatch(rows);
    }

    @Test
    void aKeyNewToTheSnapshotIsAddedAtItsFirstSuccessInTheBatchAndKeepsItsLatestRow() {
        ResolvedBatch batch = batch();

        assertThat(column(batch.changelog(), OP_TYPE))
                .containsExactly("added", "added", "changed", "added", "added", "removed");
        assertThat(column(batch.changelog(), ChangelogColumn.QUEUE_INDEX.ordinal()))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        BulkRows snapshot = batch.newKeys();
        assertThat(column(snapshot, ROW_ID)).containsExactly("a", "b", "c");
        assertThat(column(snapshot, SYNC_RUN_ID)).containsExactly("r2", "r3", "r3");
        assertThat(column(snapshot, OP_TYPE)).containsExactly("changed", "added", "removed");
        assertThat(column(snapshot, FIRST_SUCCEEDED_RUN)).containsExactly("r2", "r1", null);
    }

    /**
     * The stage holds the latest row of each key the snapshot may hold, with its key index, and says which are upserts
     * the batch alone calls added: the snapshot's earlier success will make those changed.
     */
    @Test
    void keysTheSnapshotMayHoldAreStagedWithTheirIndexAndWhetherTheBatchAloneCallsThemAdded() {
        ResolvedBatch batch = batch();
        batch.mayBeHeld(new int[] {2, 1, 0}, 2);

        BulkRows stage = batch.maybeHeld();
        int keyIndex = FIRST_SUCCEEDED_RUN + 1;
        assertThat(column(stage, ROW_ID)).containsExactly("c", "b");
        assertThat(column(stage, keyIndex)).containsExactly(2, 1);
        assertThat(column(stage, OP_TYPE)).containsExactly("removed", "added");
        assertThat(column(stage, keyIndex + 1)).containsExactly(false, true);
        assertThat(ResolvedBatch.SNAPSHOT_STAGE.columns().get(keyIndex + 1).name()).isEqualTo("upsert_added");
    }

    @Test
    void keysTheSnapshotHoldsAreMergedAndAnUpsertAfterASuccessThereIsChanged() {
        ResolvedBatch batch = batch();
        batch.heldBySnapshot(1, true, "r0");
        batch.heldBySnapshot(2, false, "r0");

        assertThat(column(batch.changelog(), OP_TYPE))
                .containsExactly("added", "added", "changed", "changed", "added", "removed");
        assertThat(column(batch.newKeys(), ROW_ID)).containsExactly("a");
    }
}
