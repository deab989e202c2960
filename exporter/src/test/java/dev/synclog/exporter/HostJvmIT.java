package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.testing.HostJdks;
import dev.synclog.exporter.cli.ExitCodes;
import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.TestQueue;

/**
 * The packaged jar, run with plain {@code java -jar}, on every JVM 17+ installed beside the tests' (e.g. a Temurin 25
 * next to JDK 17): it loads a queue into DuckDB and the JVM prints no warning of its own, such as Java 22+'s about
 * native access (JEP 472: DuckDB's library) or Java 24+'s about sun.misc.Unsafe (JEP 498: Chronicle's memory access).
 */
class HostJvmIT {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> loadsWithoutJvmWarningsOnEveryHostJvm() {
        return HostJdks.besideTheRunningOne().entrySet().stream().map(jdk -> DynamicTest.dynamicTest(
                "Java " + jdk.getValue() + " at " + jdk.getKey(), () -> assertLoadsQuietlyOn(jdk.getKey())));
    }

    private void assertLoadsQuietlyOn(Path javaHome) throws Exception {
        Path work = Files.createTempDirectory(tmp, "jdk");
        Path queue = work.resolve("q");
        try (TestQueue q = new TestQueue(queue)) {
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{\"x\":1}", 2)
                    .runFinished("s", "r1", "succeeded", null, 3);
        }
        String load = runOn(javaHome, work.resolve("run.log"), ExitCodes.OK, "run", "--once", "--queue",
                queue.toString(), "--warehouse", "jdbc:duckdb:" + work.resolve("w.duckdb"));
        String status = runOn(javaHome, work.resolve("status.log"), ExitCodes.NOT_RUNNING, "status", "--queue",
                queue.toString());

        assertThat(status).contains("rows loaded:   1 in total");
        assertThat((load + status).lines().filter(HostJvmIT::isTheJvms))
                .as("the JVM's own lines on Java %s", HostJdks.featureVersion(javaHome).orElseThrow())
                .isEmpty();
    }

    /** What the JVM prints itself: "WARNING: …" (JEP 472, 498 and others) or "OpenJDK 64-Bit Server VM warning: …". */
    private static boolean isTheJvms(String line) {
        return line.startsWith("WARNING:") || line.contains("VM warning:");
    }

    /** @return stdout and stderr together */
    private static String runOn(Path javaHome, Path log, int exitCode, String... args) throws Exception {
        Process exporter = ExporterProcess.startOn(javaHome, log, args);
        try {
            assertThat(exporter.waitFor(60, TimeUnit.SECONDS)).as(args[0] + " ends").isTrue();
            assertThat(exporter.exitValue()).as(args[0] + ": " + Files.readString(log)).isEqualTo(exitCode);
            return Files.readString(log);
        } finally {
            exporter.destroyForcibly();
        }
    }
}
