package dev.synclog.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Keeps the benchmarks working: each runs once, tiny and in-process. The figures come from docs/performance.md's command. */
class BenchmarksRunOnceTest {

    @Test
    void theHotPathBenchmarkRunsAndMeasuresBothSides() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CaptureHotPathBenchmark.class.getSimpleName())
                .forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(200))
                .param("rows", "100")
                .build()).run();
        assertThat(results).extracting(r -> r.getParams().getBenchmark())
                .containsExactlyInAnyOrder(CaptureHotPathBenchmark.class.getName() + ".captured",
                        CaptureHotPathBenchmark.class.getName() + ".plain");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void theStartupBenchmarkRunsOnePairWithTheRealAgent() throws Exception {
        StartupBenchmark.Summary summary = StartupBenchmark.run(1,
                java.nio.file.Path.of(System.getProperty("synclog.agent.jar", "../agent/target/synclog.jar")));
        assertThat(summary.withMillis()).isPositive();
        assertThat(summary.withoutMillis()).isPositive();
    }
}
