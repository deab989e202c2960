package dev.synclog.example;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline as real processes, as the demo runs it: destination servers, the example service with the
 * agent jar for three runs (one process each, the source changing between them), the exporter jar as a continuous
 * sidecar. The warehouse must then tell exactly what the destination servers recorded. Every answer is checked, and a
 * mismatch comes with what each process printed and what the queue holds per run, so that a failure on a busy CI
 * machine says where the rows stopped.
 */
class EndToEndIT {
    private static final int ROWS = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Warehouse.class)
    void theWarehouseAnswersMatchTheDestinationsGroundTruth(Warehouse warehouse) throws Exception {
        Warehouse.Target target = warehouse.fresh(dir);
        try (Scenario scenario = Scenario.start(dir)) {
            JavaProcess exporter = null;
            StringBuilder output = new StringBuilder();
            try {
                for (int run = 1; run <= 3; run++) {
                    scenario.prepareSource(run, ROWS);
                    JavaProcess service = scenario.startRun(List.of("-Dsynclog.debug=true"));
                    if (exporter == null) {
                        scenario.awaitQueue(service);
                        exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target);
                    }
                    service.awaitSuccess(120);
                    output.append("service, run ").append(run).append(":\n").append(service.output());
                }
                ExporterSidecar.awaitCaughtUp(dir, scenario.queue, exporter, 180);
                exporter.terminate(30);
            } finally {
                if (exporter != null) {
                    exporter.close();
                    output.append("exporter:\n").append(exporter.output());
                }
            }

            GroundTruth truth = scenario.groundTruth();
            WarehouseAnswers answers = new WarehouseAnswers(target);
            assertThat(truth.runs()).containsExactly(1, 2, 3);
            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(answers.runs()).as("sync_runs")
                    .allSatisfy(run -> assertThat(run).contains(" succeeded "));
            softly.assertThat(answers.runCounts()).as("sync_runs counts by op and final status")
                    .containsExactlyElementsOf(truth.finalCounts());
            softly.assertThat(answers.finalCounts()).as("sync_changelog final attempts by op and status")
                    .containsExactlyElementsOf(truth.finalCounts());
            softly.assertThat(answers.attemptCounts()).as("sync_changelog: every attempt, retries included")
                    .containsExactlyElementsOf(truth.attemptCounts());
            softly.assertThat(answers.changelogRows()).as("every row result in the queue loaded once")
                    .isEqualTo(ExporterSidecar.rowResultsInQueue(dir, scenario.queue))
                    .isEqualTo(answers.distinctChangelogKeys());

            softly.assertThat(answers.errorsBySync()).as("1. the most common errors by sync")
                    .isNotEmpty()
                    .containsExactlyElementsOf(truth.errorsBySync());
            softly.assertThat(answers.rowChanges("contacts-to-crm")).as("2. what changed for each row between runs")
                    .isNotEmpty()
                    .containsExactlyElementsOf(FieldChanges.expected(truth, scenario::sourceOfRun));
            softly.assertThat(answers.audienceEvents("newsletter-audience")).as("3. rows entering and leaving the audience")
                    .anyMatch(event -> event.contains(" removed "))
                    .containsExactlyElementsOf(truth.audienceEvents());
            List<Throwable> wrong = softly.errorsCollected();
            if (!wrong.isEmpty()) {
                StringBuilder message = new StringBuilder(wrong.size() + " answers wrong:\n");
                wrong.forEach(error -> message.append(error.getMessage()).append('\n'));
                throw new AssertionError(message + "the queue holds, per run and event: " + queuedEvents(scenario)
                        + "\n" + output);
            }
        }
    }

    /** {@code run id -> event -> count} of the queue's events (rows for row events). */
    private Map<String, Map<String, Long>> queuedEvents(Scenario scenario) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, Long>> byRun = new TreeMap<>();
        for (String line : ExporterSidecar.dump(dir, scenario.queue)) {
            JsonNode event = json.readTree(line);
            String name = event.path("event").asText();
            long rows = ExporterSidecar.rowsOf(event);
            byRun.computeIfAbsent(event.path("runId").asText("-"), run -> new TreeMap<>())
                    .merge(rows > 0 ? name + " rows" : name, rows > 0 ? rows : 1, Long::sum);
        }
        return byRun;
    }
}
