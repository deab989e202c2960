package dev.synclog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Keeps the benchmarks working: each runs once, tiny and in-process. The figures come from docs/performance.md's command. */
class BenchmarksRunOnceTest {

    @Test
    void theHotPathBenchmarkRunsAndMeasuresBothSidesOfEachClient() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CaptureHotPathBenchmark.class.getSimpleName())
                .forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
                .param("rows", "100")
                .build()).run();
        String benchmark = CaptureHotPathBenchmark.class.getName();
        // Every client the benchmark declares, each measured captured and plain.
        List<String> expected = Arrays.stream(CaptureHotPathBenchmark.class.getDeclaredField("client").getAnnotation(Param.class).value())
                .flatMap(client -> Stream.of(benchmark + ".captured " + client, benchmark + ".plain " + client)).toList();
        assertThat(expected).isNotEmpty();
        assertThat(results).extracting(r -> r.getParams().getBenchmark() + " " + r.getParams().getParam("client"))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void theRowReadingBenchmarkRunsWithAndWithoutPrivacyRules() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(RowReadingBenchmark.class.getSimpleName())
                .forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
                .param("rows", "100")
                .build()).run();
        assertThat(results).extracting(r -> r.getParams().getParam("privacy")).containsExactlyInAnyOrder("none", "rules");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void theExporterBenchmarkLoadsEveryRowEachWayIntoBothWarehouses() throws Exception {
        java.util.List<ExporterThroughputBenchmark.Summary> summaries = ExporterThroughputBenchmark.run(2_000, 1,
                java.util.List.of(ExporterThroughputBenchmark.Target.values()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertThat(summaries).extracting(ExporterThroughputBenchmark.Summary::target)
                .containsExactly(ExporterThroughputBenchmark.Target.values());
        assertThat(summaries).allSatisfy(s -> assertThat(s.medianRowsPerSecond()).containsOnlyKeys(
                ExporterThroughputBenchmark.Load.values()).allSatisfy((load, rate) -> assertThat(rate).isPositive()));
    }

    @Test
    void theKeyFilterBenchmarkReadsTheSnapshotsKeysAtTheSecondBatch() throws Exception {
        double[] seconds = SnapshotKeyFilterBenchmark.run(1_000, 1);
        assertThat(seconds).hasSize(1);
        assertThat(seconds[0]).isPositive();
    }

    /** In a JVM of its own: it opens Chronicle's JDK internals by relaunching, and ends with System.exit. */
    @Test
    void theWriterCostBenchmarkMeasuresOneRoundOfCallsWritten() throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(ChronicleJvm.FLAGS);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), WriterCostBenchmark.class.getName(),
                "200", "10", "1"));
        Process benchmark = new ProcessBuilder(Forked.java(command)).redirectErrorStream(true).start();
        String output = new String(benchmark.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(benchmark.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(benchmark.exitValue()).as(output).isZero();
        assertThat(output).as(output).containsPattern("median of 1 rounds of 200 calls of 10 rows: writer CPU [0-9.]+ us a call");
    }

    @Test
    void theStartupBenchmarkRunsOnePairWithTheRealAgent() throws Exception {
        StartupBenchmark.Summary summary = StartupBenchmark.run(1,
                java.nio.file.Path.of(System.getProperty("synclog.agent.jar", "../agent/target/synclog.jar")));
        assertThat(summary.withMillis()).isPositive();
        assertThat(summary.withoutMillis()).isPositive();
    }

    @Test
    void theWholeJobBenchmarkRunsEachVariantOnceAndTheAgentRecordsEveryRow() throws Exception {
        JobOverheadBenchmark.Summary summary = JobOverheadBenchmark.run(Repository.fromSystemProperty(), 1, 200);
        assertThat(summary.completeness()).isEqualTo(new ExportedRows(300, 300, 0));
        for (AgentVariant variant : AgentVariant.values()) {
            assertThat(summary.full().get(variant)).singleElement()
                    .satisfies(t -> assertThat(t.cpuNanos()).isPositive());
            assertThat(summary.oneBatch().get(variant)).singleElement()
                    .satisfies(t -> assertThat(t.cpuNanos()).isPositive());
        }
    }

    @Test
    void theLoadBenchmarkRunsEachVariantOnceWith64ThreadsAndTheAgentRecordsEveryRowOnce() throws Exception {
        LoadThroughputBenchmark.Summary summary = LoadThroughputBenchmark.run(Repository.fromSystemProperty(), 1, 1, 1, 64, 0);
        assertThat(summary.lastSynclogRowsSent()).isPositive();
        assertThat(summary.synclogCallsLeftAtExit()).singleElement().satisfies(calls -> assertThat(calls)
                .isBetween(0L, summary.lastSynclogRowsSent() / LoadThroughputBenchmark.ROWS_PER_CALL));
        assertThat(summary.exported()).isEqualTo(new ExportedRows(summary.lastSynclogRowsSent(),
                summary.lastSynclogRowsSent(), 0));
        for (AgentVariant variant : AgentVariant.values()) {
            assertThat(summary.loads().get(variant)).singleElement().satisfies(load -> {
                assertThat(load.rows()).isPositive().isEqualTo(load.calls() * LoadThroughputBenchmark.ROWS_PER_CALL);
                assertThat(load.cpuNanos()).isPositive();
            });
        }
    }

    @Test
    void theFreshnessBenchmarkSeesEveryRowOfATinyFeedInTheWarehouse() throws Exception {
        FreshnessBenchmark.Summary summary = FreshnessBenchmark.run(Repository.fromSystemProperty(), 500, 3, 1);
        assertThat(summary.failedRows()).isZero();
        assertThat(summary.rowsNeverSeen()).isZero();
        assertThat(summary.rowsMeasured()).isPositive();
        assertThat(summary.p50Micros()).isPositive().isLessThanOrEqualTo(summary.p99Micros());
    }
}
