package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A client library at one version, with its own dependencies, as the pom copies it to
 * {@code target/app-libs/<library>-<version>/}: put on a test app's class path.
 */
final class LibraryVersions {
    private static final Path APP_LIBS = Path.of(System.getProperty("synclog.app.libs", "target/app-libs"));

    private LibraryVersions() {
    }

    /** The versions the pom names in a system property ({@code a,b}). */
    static List<String> of(String property) {
        String versions = System.getProperty(property);
        assertThat(versions).as("-D" + property + " (set by the pom)").isNotBlank();
        return List.of(versions.split(","));
    }

    static AgentProcess onClassPath(AgentProcess process, String library, String version) throws IOException {
        jars(library, version).forEach(process::classPathEntry);
        return process;
    }

    /** The library's jar and those of its dependencies. */
    static List<Path> jars(String library, String version) throws IOException {
        Path dir = APP_LIBS.resolve(library + "-" + version);
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).as("the jars of " + library + " " + version + " in " + dir).isNotEmpty();
        return jars;
    }
}
