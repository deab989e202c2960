package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

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
}
