package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import dev.synclog.events.testing.HostJdks;

/** The agent on every host JVM 17+ installed beside the one running the tests (e.g. a Temurin 25 next to JDK 17). */
@Isolated
class HostJvmIT {

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> sameRowsRecordedOnEveryHostJvm() {
        return HostJdks.besideTheRunningOne().entrySet().stream().map(jdk -> DynamicTest.dynamicTest(
                "Java " + jdk.getValue() + " at " + jdk.getKey(), () -> assertRecordsTheRowsOn(jdk.getKey())));
    }

    @Test
    void aModernJdkIsBesideTheRunningOneOnCi() {
        Map<Path, Integer> jdks = HostJdks.besideTheRunningOne();
        System.out.println("HostJvmIT: JDKs beside " + HostJdks.RUNNING + ": " + (jdks.isEmpty() ? "none" : jdks));
        if (System.getenv("CI") != null) {
            // On CI the newest host JVM must really be tested, not skipped because none was installed.
            assertThat(jdks.values()).as("JDK feature versions beside " + HostJdks.RUNNING).anyMatch(version -> version >= 21);
        }
    }

    private void assertRecordsTheRowsOn(Path javaHome) throws Exception {
        Path jdkWork = Files.createTempDirectory(work, "jdk");
        try (AudienceSync sync = new AudienceSync(jdkWork)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", "")).fullJit().javaHome(javaHome),
                    "jdk", body, 2, 1).assertOk();

            assertThat(result.stdout()).isEqualTo(sync.stdoutWithoutAgent("jdk", body, 2, 1));
            assertThat(result.agentLines()).singleElement().satisfies(line -> assertThat(line).startsWith("synclog: agent "));
            // Nothing else on the app's stderr, where the JVM would warn about what the agent does: class data
            // sharing turned off ("bootstrap classpath has been appended": the bridge is defined, not appended), a
            // native library loaded (JEP 472: Chronicle's JNR and JNA are left out of the jar), or, on Java 24+,
            // sun.misc.Unsafe memory access (JEP 498: the libraries' calls go to the JDK's internal Unsafe).
            assertThat(result.stderr().lines().filter(line -> !line.startsWith("synclog:") && !isPickedUpOptions(line)))
                    .as("the app's stderr on Java %s, besides the agent's own line", HostJdks.featureVersion(javaHome).orElseThrow())
                    .isEmpty();
            RecordedEvents events = sync.recorded();
            assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                    "m0-a added succeeded null {\"id\":\"m0-a\",\"email\":\"a0@x.io\"} #1",
                    "m0-b added succeeded null {\"id\":\"m0-b\",\"email\":\"b0@x.io\"} #1",
                    "m1-a added succeeded null {\"id\":\"m1-a\",\"email\":\"a1@x.io\"} #1",
                    "m1-b added succeeded null {\"id\":\"m1-b\",\"email\":\"b1@x.io\"} #1");
            assertThat(events.agents).singleElement()
                    .satisfies(agent -> assertThat(agent.javaVersion()).startsWith(HostJdks.featureVersion(javaHome).orElseThrow() + "."));
        }
    }

    /** The JVM's echo of options the environment sets (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS): the user's, not the agent's. */
    private static boolean isPickedUpOptions(String line) {
        return line.startsWith("Picked up ") || line.startsWith("NOTE: Picked up ");
    }
}
