package dev.synclog.example;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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
    /** Of each wrong answer in the report: enough for what is missing, not AssertJ's every line. */
    private static final int ANSWER_LINES = 30;
    private static final String EXPORTER_PROGRESS = "synclog-exporter: source ";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Warehouse.class)
    void theWarehouseAnswersMatchTheDestinationsGroundTruth(Warehouse warehouse) throws Exception {
        Warehouse.Target target = warehouse.fresh(dir);
        try (Scenario scenario = Scenario.start(dir)) {
            JavaProcess exporter = null;
            Map<String, JavaProcess> processes = new LinkedHashMap<>();
            try {
                for (int run = 1; run <= 3; run++) {
                    scenario.prepareSource(run, ROWS);
                    JavaProcess service = scenario.startRun(List.of("-Dsynclog.debug=true"));
                    processes.put("service, run " + run, service);
                    if (exporter == null) {
                        scenario.awaitQueue(service);
                        exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target);
                    }
                    service.awaitSuccess(120);
                }
                ExporterSidecar.awaitCaughtUp(dir, scenario.queue, exporter, 180);
                exporter.terminate(30);
            } finally {
                if (exporter != null) {
                    processes.put("exporter", exporter);
                }
                // A service that failed to finish is stopped too, not left running after the test.
                for (JavaProcess process : processes.values()) {
                    process.close();
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
                throw new AssertionError(report(wrong, scenario, processes));
            }
        }
    }

    /**
     * What tells where the rows stopped comes first (CI shows a failure's first lines): the queue's events per run,
     * the agent's lines and the exporter's warnings; then each wrong answer in short, then every process's output.
     */
    private String report(List<Throwable> wrong, Scenario scenario, Map<String, JavaProcess> processes) throws Exception {
        StringBuilder report = new StringBuilder(wrong.size() + " answers wrong. The queue holds, per run and event:\n");
        queuedEvents(scenario).forEach((run, events) -> report.append("  ").append(run).append(' ').append(events)
                .append('\n'));
        for (Map.Entry<String, JavaProcess> process : processes.entrySet()) {
            // The agent's and the exporter's own lines; of the exporter's progress lines, the last.
            List<String> stderr = process.getValue().stderrLines();
            List<String> progress = stderr.stream().filter(line -> line.startsWith(EXPORTER_PROGRESS)).toList();
            report.append(process.getKey()).append(", its synclog lines:\n");
            stderr.stream()
                    .filter(line -> line.startsWith("synclog") && !line.startsWith(EXPORTER_PROGRESS))
                    .forEach(line -> report.append("  ").append(line).append('\n'));
            if (!progress.isEmpty()) {
                report.append("  ").append(progress.get(progress.size() - 1)).append('\n');
            }
        }
        report.append("The wrong answers:\n");
        for (Throwable error : wrong) {
            report.append(String.join("\n", error.getMessage().lines().limit(ANSWER_LINES).toList())).append('\n');
        }
        report.append("Each process's output:\n");
        for (Map.Entry<String, JavaProcess> process : processes.entrySet()) {
            report.append(process.getKey()).append(":\n").append(process.getValue().output());
        }
        return report.toString();
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
