package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.synclog.agent.it.apps.OwnLibrariesApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app with its own, older Jackson and Byte Buddy (copied to {@code target/app-libs} by the pom) sees only its
 * own with the agent attached, exactly as without it, and its calls are still captured.
 */
class ConflictingLibrariesIT {
    private static final Path APP_LIBS = Path.of(System.getProperty("synclog.app.libs", "target/app-libs"));
    private static final String JACKSON_VERSION = System.getProperty("synclog.app.jackson.version");
    private static final String BYTE_BUDDY_VERSION = System.getProperty("synclog.app.byte-buddy.version");

    @TempDir
    Path work;

    @Test
    void appSeesOnlyItsOwnLibrariesAndItsCallIsCaptured() throws Exception {
        assertThat(JACKSON_VERSION).as("-Dsynclog.app.jackson.version (set by the pom)").isNotBlank();
        assertThat(BYTE_BUDDY_VERSION).as("-Dsynclog.app.byte-buddy.version (set by the pom)").isNotBlank();
        try (AudienceSync sync = new AudienceSync(work)) {
            String[] sendArgs = sync.sendArgs("jdk", sync.writeBody(AudienceSync.TWO_MEMBERS), 1, 1);
            AgentProcess.Result with = withAppLibs(AgentProcess.withConfig(sync.writeConfig("", "")))
                    .run(work, OwnLibrariesApp.class, sendArgs).assertOk();
            AgentProcess.Result without = withAppLibs(AgentProcess.withoutAgent())
                    .run(work, OwnLibrariesApp.class, sendArgs).assertOk();

            assertThat(with.stdout()).as("what the app printed, with and without the agent").isEqualTo(without.stdout());
            assertThat(with.stdout()).contains(
                    "jackson-databind " + JACKSON_VERSION + " from jackson-databind-" + JACKSON_VERSION + ".jar wrote {\"id\":\"j1\",\"n\":1}",
                    "ObjectMapper loaded by the app class loader: true",
                    "byte-buddy from byte-buddy-" + BYTE_BUDDY_VERSION + ".jar made an object that says: made by the app's Byte Buddy",
                    "ByteBuddy loaded by the app class loader: true",
                    "ObjectMapper.class on the class path: 1",
                    "ByteBuddy.class on the class path: 1",
                    "RESPONSE 200 ");
            assertThat(with.agentLines()).singleElement().satisfies(line -> assertThat(line).startsWith("synclog: agent "));
            assertThat(sync.recorded().rows).extracting(r -> r.rowId() + " " + r.status())
                    .containsExactly("m0-a succeeded", "m0-b succeeded");
        }
    }

    private static AgentProcess withAppLibs(AgentProcess process) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(APP_LIBS)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).as("the app's own libraries in " + APP_LIBS).hasSize(4);
        jars.forEach(process::classPathEntry);
        return process;
    }
}
