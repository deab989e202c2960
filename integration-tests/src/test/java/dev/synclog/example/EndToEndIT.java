package dev.synclog.example;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline as real processes, as the demo runs it: destination servers, the example service with the
 * agent jar for three runs (one process each, the source changing between them), the exporter jar as a continuous
 * sidecar. The warehouse must then tell exactly what the destination servers recorded.
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
            StringBuilder servicesOutput = new StringBuilder();
            try {
                for (int run = 1; run <= 3; run++) {
                    scenario.prepareSource(run, ROWS);
                    JavaProcess service = scenario.startRun();
                    if (exporter == null) {
                        scenario.awaitQueue(service);
                        exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target);
                    }
                    service.awaitSuccess(120);
                    servicesOutput.append("run ").append(run).append(":\n").append(service.output());
                }
                ExporterSidecar.awaitCaughtUp(dir, scenario.queue, exporter, 180);
                exporter.terminate(30);
            } finally {
                if (exporter != null) {
                    exporter.close();
                }
            }

            GroundTruth truth = scenario.groundTruth();
            WarehouseAnswers answers = new WarehouseAnswers(target);
            assertThat(truth.runs()).containsExactly(1, 2, 3);
            assertThat(answers.runs()).as("sync_runs; the services' output:%n%s", servicesOutput)
                    .allSatisfy(run -> assertThat(run).contains(" succeeded "));
            assertThat(answers.runCounts()).as("sync_runs counts by op and final status")
                    .containsExactlyElementsOf(truth.finalCounts());
            assertThat(answers.finalCounts()).as("sync_changelog final attempts by op and status")
                    .containsExactlyElementsOf(truth.finalCounts());
            assertThat(answers.attemptCounts()).as("sync_changelog: every attempt, retries included")
                    .containsExactlyElementsOf(truth.attemptCounts());
            assertThat(answers.changelogRows()).as("every row result in the queue loaded once")
                    .isEqualTo(ExporterSidecar.rowResultsInQueue(dir, scenario.queue))
                    .isEqualTo(answers.distinctChangelogKeys());

            assertThat(answers.errorsBySync()).as("1. the most common errors by sync")
                    .isNotEmpty()
                    .containsExactlyElementsOf(truth.errorsBySync());
            assertThat(answers.rowChanges("contacts-to-crm")).as("2. what changed for each row between runs")
                    .isNotEmpty()
                    .containsExactlyElementsOf(FieldChanges.expected(truth, scenario::sourceOfRun));
            assertThat(answers.audienceEvents("newsletter-audience")).as("3. rows entering and leaving the audience")
                    .anyMatch(event -> event.contains(" removed "))
                    .containsExactlyElementsOf(truth.audienceEvents());
        }
    }
}
