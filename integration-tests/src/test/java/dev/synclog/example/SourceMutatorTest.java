package dev.synclog.example;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceMutatorTest {

    @Test
    void theSameSeedAndRunGiveTheSameTables() {
        List<Contact> run1 = SourceMutator.generate(1000, 7);
        assertThat(SourceMutator.generate(1000, 7)).isEqualTo(run1);
        assertThat(SourceMutator.mutate(run1, 2, 7)).isEqualTo(SourceMutator.mutate(run1, 2, 7));
        assertThat(SourceMutator.mutate(run1, 2, 8)).isNotEqualTo(SourceMutator.mutate(run1, 2, 7));
    }

    @Test
    void plantsTheProblemsAtTheirRowNumbers() {
        List<Contact> table = SourceMutator.generate(200, 7);

        assertThat(table.get(49).email()).doesNotContain("@");
        assertThat(table.get(74).age()).isEqualTo(130);
        assertThat(table.get(98).id()).isEqualTo("c0000098").isEqualToIgnoringCase(table.get(97).id());
        assertThat(table.stream().filter(Contact::inAudience)).hasSize(100);
    }

    @Test
    void aChangeRemovesAHundredthAndAddsAFiftieth() {
        List<Contact> before = SourceMutator.generate(1000, 7);
        List<Contact> after = SourceMutator.mutate(before, 2, 7);

        List<String> beforeIds = Contact.ids(before);
        List<String> afterIds = Contact.ids(after);
        assertThat(beforeIds.stream().filter(id -> !afterIds.contains(id))).hasSize(10);
        assertThat(afterIds.stream().filter(id -> !beforeIds.contains(id)))
                .containsExactly(IntStream.rangeClosed(1001, 1020)
                        .mapToObj(SourceMutator::id).toArray(String[]::new));
        assertThat(after.subList(0, SourceMutator.UNTOUCHED_ROWS))
                .as("the rows run 1's faults hit are left alone")
                .isEqualTo(before.subList(0, SourceMutator.UNTOUCHED_ROWS));
    }

    @Test
    void refusesATableTooSmallToChangeAndSaysWhatToDo() {
        assertThatThrownBy(() -> SourceMutator.mutate(SourceMutator.generate(300, 7), 2, 7))
                .hasMessageContaining("--rows 1000");
    }
}
