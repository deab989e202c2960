package dev.synclog.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the destination servers and the sync service as separate JVMs for three runs of the scenario
 * (1000 rows, see {@link SourceMutator}), and checks the destinations' ground truth against the numbers the
 * scenario is built to produce, and against what the service itself reports.
 */
class ContactSyncScenarioIT {
    private static final int ROWS = 1000;
    private static final long SEED = 42;
    private static final String TOKEN = "it-secret-token-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * Final status of each row, by run. With 1000 rows and batches of 100:
     * run 1 — CRM: 1000 adds; batch 1 (rows 1-100) is throttled then accepted, batch 2 (rows 101-200) fails
     *   with a 500, and the 27 planted rows outside it fail (9 each: invalid email, age 130, duplicate id):
     *   127 failed. Audience: the 500 even rows; batch 2 (rows 202-400) fails with a 500, and the 8 invalid
     *   emails outside it fail: 108 failed.
     * run 2 (N=1000: 10 removes, 5 of them members; 10 leave and 10 join the audience; 5 bad emails;
     *   50 field edits; 20 new rows, 10 members) — CRM adds: 127 retried + 20 new, of which the 30 planted
     *   rows fail; changes: 10 + 10 + 5 + 50, the 5 bad emails fail; 10 removes. Audience adds: 108 retried +
     *   10 joins + 10 new, the 10 invalid emails fail; removes: 10 leave + 5 removed members.
     * run 3 (N=1010, the same counts) — CRM adds: 30 planted + 20 new; changes: 75 new ones plus the 5 bad
     *   emails of run 2, still refused: 10 fail. Audience adds: 10 invalid + 10 joins + 10 new.
     */
    private static final String EXPECTED_ROWS = """
            1 audience added failed 108
            1 audience added succeeded 392
            1 crm added failed 127
            1 crm added succeeded 873
            2 audience added failed 10
            2 audience added succeeded 118
            2 audience removed succeeded 15
            2 crm added failed 30
            2 crm added succeeded 117
            2 crm changed failed 5
            2 crm changed succeeded 70
            2 crm removed succeeded 10
            3 audience added failed 10
            3 audience added succeeded 20
            3 audience removed succeeded 15
            3 crm added failed 30
            3 crm added succeeded 20
            3 crm changed failed 10
            3 crm changed succeeded 70
            3 crm removed succeeded 10
            """;

    /** The failed rows above, by reason; in run 1 the 500 batches hide the planted rows they hold. */
    private static final String EXPECTED_FAILURES = """
            1 audience INTERNAL_ERROR 100
            1 audience INVALID_EMAIL 8
            1 crm AGE_OUT_OF_RANGE 9
            1 crm DUPLICATE_ID 9
            1 crm INTERNAL_ERROR 100
            1 crm INVALID_EMAIL 9
            2 audience INVALID_EMAIL 10
            2 crm AGE_OUT_OF_RANGE 10
            2 crm DUPLICATE_ID 10
            2 crm INVALID_EMAIL 15
            3 audience INVALID_EMAIL 10
            3 crm AGE_OUT_OF_RANGE 10
            3 crm DUPLICATE_ID 10
            3 crm INVALID_EMAIL 20
            """;

    @TempDir
    Path dir;
    private Destinations destinations;

    @AfterEach
    void stopDestinations() throws Exception {
        if (destinations != null) {
            destinations.close();
            assertThat(destinations.isAlive()).as("destination servers stopped").isFalse();
        }
    }

    @Test
    void threeRunsInSeparateProcessesMatchTheScenario() throws Exception {
        destinations = Destinations.start(dir, TOKEN);
        List<String> serviceRows = new ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            mutate(run);
            JsonNode report = runService("--runs", "1");
            assertThat(report.path("run").asInt()).isEqualTo(run);
            serviceRows.addAll(flatten(run + "", report.path("rows")));
        }

        JsonNode summary = destinations.summary();
        assertThat(rowCounts(summary)).containsExactlyElementsOf(lines(EXPECTED_ROWS));
        assertThat(failureCounts(summary)).containsExactlyElementsOf(lines(EXPECTED_FAILURES));
        assertThat(serviceRows).as("what the service saw equals what the destinations recorded")
                .containsExactlyInAnyOrderElementsOf(lines(EXPECTED_ROWS));
        assertRunOneRetriedOnlyTheThrottledBatch();
    }

    @Test
    void oneProcessPlayingThreeRunsMatchesTheScenarioToo() throws Exception {
        destinations = Destinations.start(dir, TOKEN);
        mutate(1);
        runService("--runs", "3", "--mutate-seed", Long.toString(SEED));

        JsonNode summary = destinations.summary();
        assertThat(rowCounts(summary)).containsExactlyElementsOf(lines(EXPECTED_ROWS));
        assertThat(failureCounts(summary)).containsExactlyElementsOf(lines(EXPECTED_FAILURES));
    }

    @Test
    void aWrongTokenFailsEveryRowAsUnauthenticated() throws Exception {
        destinations = Destinations.start(dir, TOKEN);
        mutate(1);
        JsonNode report = runService("--runs", "1", "--token", "not-the-token");

        assertThat(flatten("1", report.path("rows")))
                .containsExactlyInAnyOrder("1 audience added failed 500", "1 crm added failed 1000");
        assertThat(failureCounts(destinations.summary()))
                .containsExactly("1 audience UNAUTHENTICATED 500", "1 crm UNAUTHENTICATED 1000");
    }

    /** In run 1 each destination throttled one batch of 100 once, and failed another with a 500. */
    private void assertRunOneRetriedOnlyTheThrottledBatch() throws Exception {
        List<JsonNode> runOne = StreamSupport.stream(destinations.outcomes().spliterator(), false)
                .filter(o -> o.path("run").asInt() == 1).toList();
        for (String destination : List.of("crm", "audience")) {
            List<JsonNode> outcomes = runOne.stream()
                    .filter(o -> o.path("destination").asText().equals(destination)).toList();
            List<String> throttled = rowIds(outcomes.stream().filter(o -> o.path("httpStatus").asInt() == 429));
            List<String> failedWith500 = rowIds(outcomes.stream().filter(o -> o.path("httpStatus").asInt() == 500));
            List<String> retried = rowIds(outcomes.stream().filter(o -> o.path("attempt").asInt() > 1));
            assertThat(throttled).as(destination + ": one batch throttled").hasSize(100).doesNotHaveDuplicates();
            assertThat(retried).as(destination + ": the throttled rows, sent once more").isEqualTo(throttled);
            assertThat(failedWith500).as(destination + ": one batch failed with 500, not retried").hasSize(100)
                    .doesNotContainAnyElementsOf(retried);
        }
    }

    private static List<String> rowIds(Stream<JsonNode> outcomes) {
        return outcomes.map(o -> o.path("rowId").asText()).toList();
    }

    private void mutate(int run) throws Exception {
        try (JavaProcess mutator = JavaProcess.start(dir, "dev.synclog.example.SourceMutator", "--source", source(),
                "--run", Integer.toString(run), "--seed", Long.toString(SEED), "--rows", Integer.toString(ROWS))) {
            mutator.awaitSuccess(30);
        }
    }

    /** Runs the service to completion and returns its last {@code RUN} report. */
    private JsonNode runService(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--source", source(), "--state", dir.resolve("state").toString(),
                "--destinations", destinations.portFile.toString(), "--token", TOKEN));
        args.addAll(Arrays.asList(extraArgs));
        List<String> out;
        try (JavaProcess service = JavaProcess.start(dir, "dev.synclog.example.ContactSyncService",
                args.toArray(String[]::new))) {
            out = service.awaitSuccess(60);
        }
        String last = out.stream().filter(line -> line.startsWith("RUN ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the service printed no RUN line: " + out));
        return JSON.readTree(last.substring("RUN ".length()));
    }

    private String source() {
        return dir.resolve("contacts.csv").toString();
    }

    /** "run destination op status count" for every count in the summary, sorted. */
    private static List<String> rowCounts(JsonNode summary) {
        List<String> lines = new ArrayList<>();
        summary.properties().forEach(run -> lines.addAll(flatten(run.getKey(), run.getValue().path("rows"))));
        return lines.stream().sorted().toList();
    }

    /** "run destination reason count", sorted. */
    private static List<String> failureCounts(JsonNode summary) {
        List<String> lines = new ArrayList<>();
        summary.properties().forEach(run -> lines.addAll(flatten(run.getKey(), run.getValue().path("failures"))));
        return lines.stream().sorted().toList();
    }

    /** Nested objects with numbers at the leaves, as "prefix key key … number" lines. */
    private static List<String> flatten(String prefix, JsonNode node) {
        if (!node.isObject()) {
            return List.of(prefix + " " + node.asText());
        }
        return node.properties().stream()
                .flatMap(e -> flatten(prefix + " " + e.getKey(), e.getValue()).stream())
                .collect(Collectors.toList());
    }

    private static List<String> lines(String table) {
        return table.lines().map(String::strip).filter(line -> !line.isEmpty()).sorted().toList();
    }
}
