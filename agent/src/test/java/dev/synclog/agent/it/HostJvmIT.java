package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on every host JVM 17+ installed beside the one running the tests (e.g. a Temurin 25 next to the
 * default JDK 17): found at run time, since the machine's paths do not belong in the repository.
 */
class HostJvmIT {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)[^\"]*\"");
    private static final Path RUNNING = Path.of(System.getProperty("java.home"));

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> sameRowsRecordedOnEveryHostJvm() {
        return jdksBesideTheRunningOne().entrySet().stream().map(jdk -> DynamicTest.dynamicTest(
                "Java " + jdk.getValue() + " at " + jdk.getKey(), () -> assertRecordsTheRowsOn(jdk.getKey())));
    }

    @Test
    void aModernJdkIsBesideTheRunningOneOnCi() {
        Map<Path, Integer> jdks = jdksBesideTheRunningOne();
        System.out.println("HostJvmIT: JDKs beside " + RUNNING + ": " + (jdks.isEmpty() ? "none" : jdks));
        if (System.getenv("CI") != null) {
            // On CI the newest host JVM must really be tested, not skipped because none was installed.
            assertThat(jdks.values()).as("JDK feature versions beside " + RUNNING).anyMatch(version -> version >= 21);
        }
    }

    private void assertRecordsTheRowsOn(Path javaHome) throws Exception {
        Path jdkWork = Files.createTempDirectory(work, "jdk");
        try (AudienceSync sync = new AudienceSync(jdkWork)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", "")).javaHome(javaHome),
                    "jdk", body, 2, 1).assertOk();

            assertThat(result.stdout()).isEqualTo(sync.stdoutWithoutAgent("jdk", body, 2, 1));
            assertThat(result.agentLines()).singleElement().satisfies(line -> assertThat(line).startsWith("synclog: agent "));
            // Nothing else on the app's stderr, where the JVM would warn about what the agent does: class data
            // sharing turned off ("bootstrap classpath has been appended": the bridge is defined, not appended), a
            // native library loaded (JEP 472: Chronicle's JNR and JNA are left out of the jar), or, on Java 24+,
            // sun.misc.Unsafe memory access (JEP 498: the libraries' calls go to the JDK's internal Unsafe).
            assertThat(result.stderr().lines().filter(line -> !line.startsWith("synclog:") && !isPickedUpOptions(line)))
                    .as("the app's stderr on Java %s, besides the agent's own line", featureVersion(javaHome).orElseThrow())
                    .isEmpty();
            RecordedEvents events = sync.recorded();
            assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                    "m0-a added succeeded null {\"id\":\"m0-a\",\"email\":\"a0@x.io\"} #1",
                    "m0-b added succeeded null {\"id\":\"m0-b\",\"email\":\"b0@x.io\"} #1",
                    "m1-a added succeeded null {\"id\":\"m1-a\",\"email\":\"a1@x.io\"} #1",
                    "m1-b added succeeded null {\"id\":\"m1-b\",\"email\":\"b1@x.io\"} #1");
            assertThat(events.agents).singleElement()
                    .satisfies(agent -> assertThat(agent.javaVersion()).startsWith(featureVersion(javaHome).orElseThrow() + "."));
        }
    }

    /** The JVM's echo of options the environment sets (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS): the user's, not the agent's. */
    private static boolean isPickedUpOptions(String line) {
        return line.startsWith("Picked up ") || line.startsWith("NOTE: Picked up ");
    }

    /** JDK homes beside the running one, each once (symlinks resolved), with their feature version; 17+ only. */
    private static Map<Path, Integer> jdksBesideTheRunningOne() {
        Map<Path, Integer> jdks = new TreeMap<>();
        try {
            Path running = RUNNING.toRealPath();
            for (Path home : siblingsOf(running)) {
                if (home.equals(running) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                featureVersion(home).filter(version -> version >= 17).ifPresent(version -> jdks.put(home, version));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list the JDKs beside " + RUNNING, e);
        }
        return jdks;
    }

    private static List<Path> siblingsOf(Path home) throws IOException {
        try (Stream<Path> siblings = Files.list(home.getParent())) {
            return siblings.map(HostJvmIT::realPath).distinct().toList();
        }
    }

    /** The feature version in a JDK's {@code release} file, e.g. 25 for {@code JAVA_VERSION="25.0.3"}. */
    private static Optional<Integer> featureVersion(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
