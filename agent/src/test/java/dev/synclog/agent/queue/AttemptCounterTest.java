package dev.synclog.agent.queue;

import dev.synclog.agent.rows.TextColumn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synclog.events.Utf8Texts;
import org.junit.jupiter.api.Test;

class AttemptCounterTest {

    @Test
    void everyRowStartsAtOneAndCountsItsOwnAttemptsAcrossTheTablesGrowth() {
        AttemptCounter attempts = new AttemptCounter();
        int rows = 200_000;
        for (int i = 0; i < rows; i++) {
            assertThat(attempts.next("crm", "row-" + i)).as("first attempt of row-%d", i).isEqualTo(1);
        }
        for (int i = 0; i < rows; i += 7) {
            assertThat(attempts.next("crm", "row-" + i)).as("second attempt of row-%d", i).isEqualTo(2);
        }
        assertThat(attempts.next("crm", "row-7")).isEqualTo(3);
        assertThat(attempts.next("crm", "row-8")).isEqualTo(2);
    }

    @Test
    void theSyncIsPartOfTheRowsIdentity() {
        AttemptCounter attempts = new AttemptCounter();
        assertThat(attempts.next("crm", "42")).isEqualTo(1);
        assertThat(attempts.next("audience", "42")).isEqualTo(1);
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        assertThat(attempts.next("ab", "c")).isEqualTo(1);
        assertThat(attempts.next("a", "bc")).isEqualTo(1);
        assertThat(attempts.next("crm", "42")).isEqualTo(2);
    }

    @Test
    void aRowTriedMoreTimesThanItsSlotCanCountKeepsCounting() {
        AttemptCounter attempts = new AttemptCounter();
        for (int attempt = 1; attempt <= 600; attempt++) {
            assertThat(attempts.next("crm", "stubborn")).isEqualTo(attempt);
        }
        assertThat(attempts.next("crm", "other")).isEqualTo(1);
    }

    /** One by one, a row id is a String read back from the queue; together, it is the bytes the journal holds. */
    @Test
    void aCallsRowsNumberedTogetherGetWhatOneByOneWouldGive() {
        AttemptCounter together = new AttemptCounter();
        AttemptCounter oneByOne = new AttemptCounter();
        int[] numbers = new int[300];
        for (int call = 0; call < 1_000; call++) {
            // 300 rows a call, overlapping the previous calls' rows, a row twice in the same call, from a resume point;
            // ids of more than ASCII too
            String[] ids = new String[300];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (i % 3 == 0 ? "zoë-😀-" : "row-") + (call * 200 + i % 299);
            }
            int from = call % 7;
            together.next("crm", journaled(ids), from, numbers);
            for (int i = from; i < ids.length; i++) {
                assertThat(numbers[i - from]).as("call %d, %s", call, ids[i]).isEqualTo(oneByOne.next("crm", ids[i]));
            }
        }
    }

    private static Utf8Texts journaled(String[] ids) {
        JournalEntry.CallSent call = (JournalEntry.CallSent) JournalFormat.decode(0, JournalFormat.callSent(1, "run",
                "crm", "endpoint", "crm", "contacts", "POST", "http://127.0.0.1/", 0, null, TextColumn.of(ids), TextColumn.of(ids),
                TextColumn.of(ids)).copy());
        return call.ids();
    }
}
