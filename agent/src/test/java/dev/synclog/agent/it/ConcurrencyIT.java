package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.synclog.events.CallCompleted;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many app threads calling at once: every row is recorded exactly once, none lost, none doubled. */
@Isolated
class ConcurrencyIT {
    private static final int THREADS = 32;
    private static final int CALLS = 320;

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void everyRowOfThirtyTwoConcurrentThreadsIsRecordedExactlyOnce(String client) throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", "")).fullJit(), client,
                    sync.writeBody(AudienceSync.TWO_MEMBERS), CALLS, THREADS).assertOk();
            assertThat(result.stdout().lines()).as("what the app got back").hasSize(CALLS)
                    .allMatch(line -> line.startsWith("RESPONSE 200 "));
            assertThat(sync.destination.hits(AudienceSync.PATH)).isEqualTo(CALLS);

            RecordedEvents events = sync.recorded();
            List<String> expectedIds = AudienceSync.rowIdsOf(CALLS);
            Map<String, Long> timesRecorded = events.rows.stream()
                    .collect(Collectors.groupingBy(RowResult::rowId, Collectors.counting()));
            assertThat(timesRecorded).as("times each row id was recorded")
                    .containsOnlyKeys(expectedIds)
                    .isEqualTo(expectedIds.stream().collect(Collectors.toMap(Function.identity(), id -> 1L)));
            assertThat(events.rows).hasSize(expectedIds.size())
                    .allSatisfy(row -> {
                        assertThat(row.status()).isEqualTo("succeeded");
                        assertThat(row.attempt()).isEqualTo(1);
                    });
            assertThat(events.calls).hasSize(CALLS);
            assertThat(events.calls.stream().mapToLong(CallCompleted::rowsSucceeded).sum()).isEqualTo(expectedIds.size());
            assertThat(events.calls.stream().mapToLong(CallCompleted::callId).distinct().count()).isEqualTo(CALLS);
            assertThat(events.dropped).isEmpty();
        }
    }
}
