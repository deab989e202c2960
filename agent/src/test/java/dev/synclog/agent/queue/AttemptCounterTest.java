package dev.synclog.agent.queue;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.rows.TextColumn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synclog.events.Utf8Texts;
import org.junit.jupiter.api.Test;

class AttemptCounterTest {
    private static final int WINDOW = 1_000;

    @Test
    void everyRowStartsAtOneAndCountsItsOwnAttemptsAcrossTheTablesGrowth() {
        AttemptCounter attempts = new AttemptCounter(AgentConfig.DEFAULT_ATTEMPT_WINDOW);
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
        AttemptCounter attempts = new AttemptCounter(AgentConfig.DEFAULT_ATTEMPT_WINDOW);
        assertThat(attempts.next("crm", "42")).isEqualTo(1);
        assertThat(attempts.next("audience", "42")).isEqualTo(1);
        // the separator keeps ("ab", "c") and ("a", "bc") apart
        assertThat(attempts.next("ab", "c")).isEqualTo(1);
        assertThat(attempts.next("a", "bc")).isEqualTo(1);
        assertThat(attempts.next("crm", "42")).isEqualTo(2);
    }

    @Test
    void aRowTriedMoreTimesThanItsSlotCanCountKeepsCounting() {
        AttemptCounter attempts = new AttemptCounter(AgentConfig.DEFAULT_ATTEMPT_WINDOW);
        for (int attempt = 1; attempt <= 600; attempt++) {
            assertThat(attempts.next("crm", "stubborn")).isEqualTo(attempt);
        }
        assertThat(attempts.next("crm", "other")).isEqualTo(1);
    }

    /**
     * Retries land at most {@code WINDOW / 2} new rows after their row's first attempt, so fewer than a window of other
     * rows is tried between two attempts of a row: each number must equal a plain map's count, across dozens of
     * generation switches, one by one and a call's rows together.
     */
    @Test
    void withinTheWindowEveryAttemptIsNumberedAsAPlainMapCountsIt() {
        AttemptCounter oneByOne = new AttemptCounter(WINDOW);
        AttemptCounter together = new AttemptCounter(WINDOW);
        Map<String, Integer> model = new HashMap<>();
        Random random = new Random(20261126);
        int newRows = 0;
        int[] numbers = new int[100];
        for (int call = 0; call < 3_000; call++) {
            String[] ids = new String[1 + random.nextInt(100)];
            for (int i = 0; i < ids.length; i++) {
                boolean retry = newRows > 0 && random.nextInt(10) < 3;
                ids[i] = "row-" + (retry ? newRows - 1 - random.nextInt(Math.min(newRows, WINDOW / 2)) : newRows++);
            }
            together.next("crm", journaled(ids), 0, numbers);
            for (int i = 0; i < ids.length; i++) {
                int expected = model.merge(ids[i], 1, Integer::sum);
                assertThat(oneByOne.next("crm", ids[i])).as("call %d, %s one by one", call, ids[i]).isEqualTo(expected);
                assertThat(numbers[i]).as("call %d, %s together", call, ids[i]).isEqualTo(expected);
            }
        }
        assertThat(newRows).as("rows enough for many generations").isGreaterThan(50 * WINDOW);
    }

    @Test
    void aRowRetriedAcrossAGenerationSwitchKeepsItsCountAndOneGoneTwoGenerationsStartsAgain() {
        AttemptCounter attempts = new AttemptCounter(WINDOW);
        for (int i = 0; i < WINDOW; i++) {
            attempts.next("crm", "first-" + i);
        }
        assertThat(attempts.next("crm", "second-0")).as("the first row of the second generation").isEqualTo(1);
        assertThat(attempts.next("crm", "first-5")).as("carried over from the first generation").isEqualTo(2);
        for (int i = 1; i < WINDOW; i++) {
            attempts.next("crm", "second-" + i);
        }
        assertThat(attempts.next("crm", "third-0")).isEqualTo(1);
        assertThat(attempts.next("crm", "first-5")).as("carried over again, from the second generation").isEqualTo(3);
        assertThat(attempts.next("crm", "second-7")).as("from the second generation").isEqualTo(2);
        assertThat(attempts.next("crm", "first-6")).as("its generation was dropped: counts from 1 again").isEqualTo(1);
    }

    @Test
    void theTableNeverOutgrowsTheWindowHoweverManyRowsARunSends() {
        AttemptCounter attempts = new AttemptCounter(WINDOW);
        int largest = 0;
        for (int i = 0; i < 100 * WINDOW; i++) {
            attempts.next("crm", "row-" + i);
            largest = Math.max(largest, attempts.tableLength());
        }
        // under half full with a window of rows: the next power of two above twice the window
        assertThat(largest).isEqualTo(Integer.highestOneBit(2 * WINDOW) << 1);
        assertThat(new AttemptCounter(AgentConfig.DEFAULT_ATTEMPT_WINDOW).tableLength() * 8L)
                .as("a new run's table is small").isLessThanOrEqualTo(8 << 10);
    }

    @Test
    void countsPast255AreKeptOnlyForRowsInTheWindowAndCarriedAcrossGenerations() {
        AttemptCounter attempts = new AttemptCounter(WINDOW);
        for (int row = 0; row < 10; row++) {
            for (int attempt = 1; attempt <= 300; attempt++) {
                attempts.next("crm", "stubborn-" + row);
            }
        }
        assertThat(attempts.rowsBeyondCountBits()).isEqualTo(10);
        // one row keeps failing while new rows stream past it, over several generations
        for (int attempt = 1; attempt <= 600; attempt++) {
            assertThat(attempts.next("crm", "keeps-failing")).isEqualTo(attempt);
            for (int i = 0; i < 10; i++) {
                attempts.next("crm", "row-" + attempt + "-" + i);
            }
        }
        assertThat(attempts.rowsBeyondCountBits()).as("only the row still in the window").isEqualTo(1);
        assertThat(attempts.next("crm", "stubborn-3")).as("long out of the window").isEqualTo(1);
    }

    /** The row carried over is the one that finds the current generation full: its count past 255 goes with it. */
    @Test
    void aRowPast255CarriedOverAsItsGenerationMakesWayKeepsCounting() {
        AttemptCounter attempts = new AttemptCounter(WINDOW);
        for (int attempt = 1; attempt <= 300; attempt++) {
            attempts.next("crm", "stubborn");
        }
        for (int i = 1; i < 2 * WINDOW; i++) {
            attempts.next("crm", "row-" + i);
        }
        // the first generation is the previous one, the second full: this attempt drops the first
        assertThat(attempts.next("crm", "stubborn")).isEqualTo(301);
        assertThat(attempts.next("crm", "stubborn")).isEqualTo(302);
    }

    /** A dead agent's run, read back from the queue's end, leaves the run's latest rows with all their attempts. */
    @Test
    void aRunReadBackwardsKeepsItsLatestRows() {
        List<String> run = new ArrayList<>();
        for (int i = 0; i < 3 * WINDOW; i++) {
            run.add("row-" + i);
        }
        for (int i = 3 * WINDOW - 10; i < 3 * WINDOW; i++) {
            run.add("row-" + i);
        }
        AttemptCounter attempts = new AttemptCounter(WINDOW);
        for (int i = run.size() - 1; i >= 0; i--) {
            attempts.countEarlier("crm", run.get(i));
        }
        assertThat(attempts.next("crm", "row-" + (3 * WINDOW - 5))).as("tried twice, among the latest").isEqualTo(3);
        assertThat(attempts.next("crm", "row-" + (2 * WINDOW))).as("the oldest of the latest window").isEqualTo(2);
        assertThat(attempts.next("crm", "row-" + (2 * WINDOW - 20))).as("older than the window").isEqualTo(1);
        assertThat(attempts.tableLength()).isLessThanOrEqualTo(Integer.highestOneBit(2 * WINDOW) << 1);
    }

    /** One by one, a row id is a String read back from the queue; together, it is the bytes the journal holds. */
    @Test
    void aCallsRowsNumberedTogetherGetWhatOneByOneWouldGive() {
        AttemptCounter together = new AttemptCounter(AgentConfig.DEFAULT_ATTEMPT_WINDOW);
        AttemptCounter oneByOne = new AttemptCounter(AgentConfig.DEFAULT_ATTEMPT_WINDOW);
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
