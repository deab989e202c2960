package dev.synclog.exporter.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the batch itself says about each row, which the warehouse then only joins instead of sorting. */
class StagedBatchTest {
    private static final int SUCCEEDED_BEFORE = ChangelogColumn.values().length;
    private static final int LATEST = SUCCEEDED_BEFORE + 1;
    private static final int FIRST_SUCCEEDED_RUN = SUCCEEDED_BEFORE + 2;

    private final List<ChangelogRow> rows = new ArrayList<>();

    private void row(String run, String rowId, String op, String status) {
        rows.add(new ChangelogRow("s1", run, rowId, op, status, null, "{}", "crm", "contact", 200, 1, 0L, null, 0L,
                "src", rows.size()));
    }

    private List<Object> facts(StagedBatch batch, int row) {
        return Arrays.asList(batch.value(row, SUCCEEDED_BEFORE), batch.value(row, LATEST),
                batch.value(row, FIRST_SUCCEEDED_RUN));
    }

    @Test
    void marksEarlierSuccessesTheLatestRowOfEachKeyAndItsFirstSuccessfulRun() {
        row("r2", "a", "upsert", "failed");
        row("r2", "a", "upsert", "succeeded");
        row("r2", "a", "upsert", "succeeded");
        row("r3", "b", "upsert", "succeeded");
        // An older run's row arriving later (a slow worker) does not replace r3's in the snapshot...
        row("r1", "b", "added", "succeeded");
        // ...and a key seen once is its own latest row.
        row("r3", "c", "removed", "aborted");
        StagedBatch batch = new StagedBatch(rows);

        assertThat(batch.size()).isEqualTo(6);
        assertThat(facts(batch, 0)).containsExactly(false, false, null);
        assertThat(facts(batch, 1)).containsExactly(false, false, null);
        assertThat(facts(batch, 2)).containsExactly(true, true, "r2");
        assertThat(facts(batch, 3)).containsExactly(false, true, "r1");
        assertThat(facts(batch, 4)).containsExactly(true, false, null);
        assertThat(facts(batch, 5)).containsExactly(false, true, null);
        assertThat(batch.value(4, ChangelogColumn.QUEUE_INDEX.ordinal())).isEqualTo(4L);
    }
}
