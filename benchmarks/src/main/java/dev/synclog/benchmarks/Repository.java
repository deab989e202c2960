package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built jars and the example's agent config that the benchmarks fork, found from the repository's root (the
 * working directory, or {@code -Dsynclog.root=DIR}). {@code mvn -DskipTests package} builds them all.
 */
record Repository(Path root) {

    static Repository fromSystemProperty() {
        return new Repository(Path.of(System.getProperty("synclog.root", ".")).toAbsolutePath().normalize());
    }

    Path agentJar() {
        return existing("agent/target/synclog.jar");
    }

    Path exporterJar() {
        return existing("exporter/target/synclog-exporter.jar");
    }

    /** The example sync service, its destination servers and the paced feed (integration-tests). */
    Path exampleJar() {
        return existing("integration-tests/target/synclog-example.jar");
    }

    Path exampleAgentConfig() {
        return existing("integration-tests/synclog.yaml");
    }

    /** Copied there by the benchmarks module's build from Maven Central's io.opentelemetry.javaagent artifact. */
    Path openTelemetryAgentJar() {
        return existing("benchmarks/target/opentelemetry-javaagent.jar");
    }

    private Path existing(String relative) {
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + relative + " under " + root + ": run mvn -DskipTests package there,"
                    + " or point -Dsynclog.root at the repository's root");
        }
        return file;
    }
}
