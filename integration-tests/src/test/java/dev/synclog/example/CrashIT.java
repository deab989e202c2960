package dev.synclog.example;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 of the sync service mid-run, and of the exporter during a load, with every process real. */
class CrashIT {
    /** Large enough that a run lasts seconds, so the kills land mid-run and mid-load. */
    private static final int ROWS = 20_000;
    /** How the run of the killed process gets closed (docs/exporter.md, "Runs"). */
    enum Closing { NEXT_AGENT_START, EXPORTER_RUN_TIMEOUT }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Closing.class)
    void aServiceKilledMidRunLeavesItsRunFailedWithEveryCapturedRowLoaded(Closing closing) throws Exception {
        Warehouse.Target target = Warehouse.DUCKDB.fresh(dir);
        try (Scenario scenario = Scenario.start(dir)) {
            scenario.prepareSource(1, ROWS);
            JavaProcess exporter = null;
            try (JavaProcess service = scenario.startRun()) {
                scenario.awaitQueue(service);
                exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target);
                awaitAttempts(scenario, service, ROWS / 5);
                service.kill9();
                int answeredBeforeKill = scenario.groundTruth().attempts.size();
                assertThat(answeredBeforeKill).as("killed mid-run").isLessThan(ROWS);

                if (closing == Closing.NEXT_AGENT_START) {
                    scenario.prepareSource(2, ROWS);
                    try (JavaProcess next = scenario.startRun()) {
                        next.awaitSuccess(120);
                    }
                    ExporterSidecar.awaitCaughtUp(dir, scenario.queue, exporter, 180);
                    exporter.terminate(30);
                } else {
                    ExporterSidecar.awaitCaughtUp(dir, scenario.queue, exporter, 180);
                    exporter.terminate(30);
                    Thread.sleep(1500);
                    ExporterSidecar.runOnce(dir, scenario.queue, target, "--run-timeout", "1s");
                }
            } finally {
                if (exporter != null) {
                    exporter.close();
                }
            }

            WarehouseAnswers answers = new WarehouseAnswers(target);
            String why = closing == Closing.NEXT_AGENT_START ? "run abandoned: the agent process" : "run timed out";
            List<String> runs = answers.runs();
            assertThat(runs).filteredOn(run -> run.startsWith("1 "))
                    .as("the killed run is closed as failed").isNotEmpty()
                    .allSatisfy(run -> assertThat(run).contains(" failed " + why));
            assertThat(answers.changelogRows()).as("every row result the agent wrote before the kill is loaded, once")
                    .isEqualTo(ExporterSidecar.rowResultsInQueue(dir, scenario.queue))
                    .isEqualTo(answers.distinctChangelogKeys());

            GroundTruth truth = scenario.groundTruth();
            Set<String> answered = truth.attempts.stream().filter(a -> a.run() == 1)
                    .map(a -> a.destination() + " " + a.rowId() + " " + a.attempt() + " " + a.status())
                    .collect(Collectors.toSet());
            List<String> recorded = answers.attemptsOfRun(1);
            Set<String> loaded = recorded.stream().filter(a -> !a.endsWith(" in-flight")).collect(Collectors.toSet());
            Set<String> inFlight = recorded.stream().filter(a -> a.endsWith(" in-flight"))
                    .map(a -> a.substring(0, a.lastIndexOf(' '))).collect(Collectors.toSet());
            assertThat(answered).as("the destinations answered what was loaded").containsAll(loaded);
            assertThat(loaded).as("rows of the killed run were loaded").isNotEmpty();
            if (closing == Closing.NEXT_AGENT_START) {
                // The next agent wrote what the killed one had journaled: every answered attempt is there, but those of
                // the call in flight at the kill, whose outcome the killed process never saw.
                assertThat(answered.stream().filter(a -> !loaded.contains(a)).map(a -> a.substring(0, a.lastIndexOf(' '))))
                        .as("answered attempts of the killed run not loaded with their status").allMatch(inFlight::contains);
            }
            System.out.printf("CrashIT %s: the destinations answered %d row attempts of the killed run; %d were loaded"
                    + " with their status, %d as in flight at the kill%n", closing, answered.size(), loaded.size(),
                    inFlight.size());
            assertThat(answers.runCounts()).filteredOn(line -> line.startsWith("1 "))
                    .as("the failed run's counts are its loaded rows' final attempts")
                    .containsExactlyElementsOf(answers.finalCounts().stream().filter(l -> l.startsWith("1 ")).toList());
            if (closing == Closing.NEXT_AGENT_START) {
                assertThat(runs).filteredOn(run -> run.startsWith("2 ")).isNotEmpty()
                        .allSatisfy(run -> assertThat(run).contains(" succeeded "));
                assertNextRunExactButForTheUnwrittenRows(answers.outcomesOfRun(2), truth.outcomesOfRun(2), answered, loaded);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Warehouse.class)
    void anExporterKilledRepeatedlyDuringALoadEndsWithExactCounts(Warehouse warehouse) throws Exception {
        Warehouse.Target target = warehouse.fresh(dir);
        Random random = new Random(7);
        int kills = 0;
        try (Scenario scenario = Scenario.start(dir)) {
            scenario.prepareSource(1, ROWS);
            try (JavaProcess service = SyncService.start(dir, scenario.queue, scenario.destinations.portFile,
                    scenario.source, "--runs", "3", "--mutate-seed", Long.toString(Scenario.SEED))) {
                scenario.awaitQueue(service);
                // Kill while the service still writes, and at least 5 times.
                while (service.isAlive() || kills < 5) {
                    try (JavaProcess exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target)) {
                        Thread.sleep(800 + random.nextInt(1500));
                        if (!exporter.isAlive()) {
                            throw new AssertionError("the exporter ended before kill " + (kills + 1) + ":\n" + exporter.output());
                        }
                        exporter.kill9();
                        kills++;
                    }
                }
                service.awaitSuccess(120);
            }
            ExporterSidecar.runOnce(dir, scenario.queue, target);

            GroundTruth truth = scenario.groundTruth();
            WarehouseAnswers answers = new WarehouseAnswers(target);
            assertThat(kills).isGreaterThanOrEqualTo(5);
            assertThat(truth.runs()).containsExactly(1, 2, 3);
            assertThat(answers.runCounts()).containsExactlyElementsOf(truth.finalCounts());
            assertThat(answers.attemptCounts()).containsExactlyElementsOf(truth.attemptCounts());
            assertThat(answers.changelogRows())
                    .isEqualTo(ExporterSidecar.rowResultsInQueue(dir, scenario.queue))
                    .isEqualTo(answers.distinctChangelogKeys());
        }
    }

    /**
     * Every row of the next run has the destination's final status. Its op too, except for the rows of the call in
     * flight at the kill: the CRM applied them, but the agent died before seeing it, so the warehouse resolves
     * their re-sent upsert (README: the next run re-sends the killed run's rows) to {@code added} where the CRM,
     * which has them, says {@code changed}.
     */
    private static void assertNextRunExactButForTheUnwrittenRows(Map<String, String> loaded, Map<String, String> truth,
                                                             Set<String> answeredInRunOne, Set<String> loadedInRunOne) {
        Set<String> lost = new HashSet<>();
        answeredInRunOne.stream().filter(a -> !loadedInRunOne.contains(a))
                .map(a -> a.split(" ")).forEach(a -> lost.add(a[0] + " " + a[1]));
        assertThat(loaded.keySet()).as("rows of the next run").isEqualTo(truth.keySet());
        truth.forEach((row, outcome) -> {
            if (lost.contains(row) && outcome.startsWith("changed ")) {
                assertThat(loaded.get(row)).as(row).isEqualTo(outcome.replace("changed ", "added "));
            } else {
                assertThat(loaded.get(row)).as(row).isEqualTo(outcome);
            }
        });
    }

    private static void awaitAttempts(Scenario scenario, JavaProcess service, int atLeast) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (scenario.destinations.rowsAnswered() < atLeast) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the service did not reach " + atLeast + " row attempts\n" + service.output());
            }
            Thread.sleep(20);
        }
    }
}
