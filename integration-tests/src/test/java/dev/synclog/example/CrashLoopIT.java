package dev.synclog.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the sync service and of the exporter at random moments, over several cycles, then an exact comparison of
 * sync_changelog with what the destinations answered: the agent's journal loses no row, the exporter doubles none.
 */
class CrashLoopIT {
    /** A run of a few seconds, so that kills land inside it. */
    private static final int ROWS = 3_000;
    private static final int KILLED_RUNS = 3;
    /** The reason the agent gives the rows of a call in flight when its process died (docs/agent.md). */
    private static final String IN_FLIGHT = "the process ended before the response%";

    @TempDir
    Path dir;

    @Test
    void killingTheServiceAndTheExporterAtRandomLosesAndDoublesNoRow() throws Exception {
        long seed = Long.getLong("crashloop.seed", System.nanoTime());
        System.out.println("CrashLoopIT seed " + seed + " (repeat with -Dcrashloop.seed=" + seed + ")");
        Random random = new Random(seed);
        Warehouse.Target target = Warehouse.DUCKDB.fresh(dir);
        int exporterKills = 0;
        List<String> agentLines = new ArrayList<>();
        try (Scenario scenario = Scenario.start(dir)) {
            scenario.prepareSource(1, ROWS);
            JavaProcess exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target);
            try {
                for (int cycle = 1; cycle <= KILLED_RUNS; cycle++) {
                    long answered = scenario.destinations.rowsAnswered();
                    // The run is the same each time (a killed run saves no state), so about ROWS rows per run.
                    long killServiceAt = answered + 1 + random.nextInt(ROWS);
                    long killExporterAt = answered + 1 + random.nextInt(ROWS);
                    try (JavaProcess service = scenario.startRun()) {
                        boolean exporterKilled = false;
                        while (service.isAlive() && scenario.destinations.rowsAnswered() < killServiceAt) {
                            if (!exporterKilled && scenario.destinations.rowsAnswered() >= killExporterAt) {
                                exporter.kill9();
                                exporterKills++;
                                exporterKilled = true;
                                exporter = ExporterSidecar.startContinuous(dir, scenario.queue, target);
                            }
                            Thread.sleep(50);
                        }
                        assertThat(service.isAlive()).as("cycle %d: the service still running at the kill", cycle)
                                .isTrue();
                        service.kill9();
                        agentLines.addAll(agentLines(cycle, service));
                    }
                }
                // The next agent on the queue writes what the last killed one journaled, then the run completes.
                try (JavaProcess service = scenario.startRun()) {
                    service.awaitSuccess(120);
                    agentLines.addAll(agentLines(KILLED_RUNS + 1, service));
                }
                ExporterSidecar.awaitCaughtUp(dir, scenario.queue, exporter, 120);
                exporter.terminate(30);
            } finally {
                exporter.close();
            }

            // A transport error (no HTTP status) is an attempt the client saw fail and the destination never answered, e.g.
            // a kept-alive connection the server had closed: it is in the changelog, not in the ground truth.
            List<String> loaded = target.lines("SELECT destination, row_id, CASE WHEN failure_reason LIKE '" + IN_FLIGHT
                    + "' THEN 'in-flight' WHEN http_status = 0 THEN 'transport' ELSE status END FROM sync_changelog");
            Map<String, Map<String, Integer>> truth = new HashMap<>();
            for (GroundTruth.Attempt a : scenario.groundTruth().attempts) {
                count(truth, a.destination() + " " + a.rowId(), a.status());
            }
            Map<String, Map<String, Integer>> warehouse = new HashMap<>();
            loaded.forEach(line -> count(warehouse, line.substring(0, line.lastIndexOf(' ')),
                    line.substring(line.lastIndexOf(' ') + 1)));
            long inFlightCalls = target.count("SELECT count(DISTINCT (sync_run_id, call_id)) FROM sync_changelog"
                    + " WHERE failure_reason LIKE '" + IN_FLIGHT + "'");
            System.out.printf("CrashLoopIT: %d service kills, %d exporter kills; %d row attempts answered, %d loaded,"
                            + " %d of them in calls in flight at a kill (%d calls), %d failed in transport%n", KILLED_RUNS,
                    exporterKills, truth.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum(),
                    loaded.size(), warehouse.values().stream().mapToInt(m -> m.getOrDefault("in-flight", 0)).sum(),
                    inFlightCalls, warehouse.values().stream().mapToInt(m -> m.getOrDefault("transport", 0)).sum());

            assertThat(target.count("SELECT count(*) FROM (SELECT DISTINCT source_id, queue_index, queue_row FROM sync_changelog) k"))
                    .as("no event loaded twice").isEqualTo(loaded.size());
            assertThat(target.count("SELECT count(*) FROM (SELECT DISTINCT sync_run_id, destination, row_id, attempt"
                    + " FROM sync_changelog) k")).as("no attempt written twice").isEqualTo(loaded.size());
            assertThat(inFlightCalls).as("calls in flight at a kill: one at a time in this service").isLessThanOrEqualTo(KILLED_RUNS);
            agentLines.forEach(System.out::println);
            Set<String> rows = new HashSet<>(truth.keySet());
            rows.addAll(warehouse.keySet());
            for (String row : rows) {
                Map<String, Integer> answered = truth.getOrDefault(row, Map.of());
                Map<String, Integer> recorded = new HashMap<>(warehouse.getOrDefault(row, Map.of()));
                int inFlight = recorded.getOrDefault("in-flight", 0);
                recorded.remove("in-flight");
                recorded.remove("transport");
                int unrecorded = 0;
                for (String status : Set.of("succeeded", "failed")) {
                    int missing = answered.getOrDefault(status, 0) - recorded.getOrDefault(status, 0);
                    assertThat(missing).as("%s: %s attempts recorded beyond those answered (doubles); answered %s,"
                            + " recorded %s", row, status, answered, warehouse.get(row)).isGreaterThanOrEqualTo(0);
                    unrecorded += missing;
                }
                if (unrecorded > inFlight) {
                    System.out.println("CrashLoopIT " + row + " recorded: " + target.lines("SELECT sync_run_id, call_id,"
                            + " attempt, status, http_status, failure_reason FROM sync_changelog WHERE destination || ' ' ||"
                            + " row_id = ? ORDER BY queue_index, queue_row", row) + "\n  answered: " + scenario.groundTruth().attempts
                            .stream().filter(a -> (a.destination() + " " + a.rowId()).equals(row)).toList());
                }
                assertThat(unrecorded).as("%s: answered attempts missing from sync_changelog, beyond those in flight at a"
                        + " kill; answered %s, recorded %s", row, answered, warehouse.get(row)).isLessThanOrEqualTo(inFlight);
            }

            List<String> runs = target.lines("SELECT sync_id, status, finished_at IS NOT NULL FROM sync_runs"
                    + " ORDER BY sync_run_id, sync_id");
            assertThat(runs).as("every run closed: the killed ones failed, the last succeeded").hasSize(2 * (KILLED_RUNS + 1))
                    .allSatisfy(run -> assertThat(run).endsWith(" true"));
            assertThat(runs.subList(0, 2 * KILLED_RUNS)).allSatisfy(run -> assertThat(run).contains(" failed "));
            assertThat(runs.subList(2 * KILLED_RUNS, runs.size())).allSatisfy(run -> assertThat(run).contains(" succeeded "));
        }
    }

    /** What the agent said on stderr: its start and the journals it recovered. */
    private static List<String> agentLines(int cycle, JavaProcess service) throws Exception {
        return service.output().lines().filter(line -> line.startsWith("synclog:"))
                .map(line -> "CrashLoopIT service " + cycle + ": " + line).toList();
    }

    private static void count(Map<String, Map<String, Integer>> counts, String row, String status) {
        counts.computeIfAbsent(row, r -> new HashMap<>()).merge(status, 1, Integer::sum);
    }
}
