package dev.synclog.example;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The example sync service in its own JVM with the real agent jar attached and the demo's synclog.yaml. */
final class SyncService {
    private static final String MAIN = "dev.synclog.example.ContactSyncService";

    private SyncService() {
    }

    /**
     * Starts one service process doing {@code serviceArguments} (e.g. {@code --runs 1}) on the source table, keeping
     * its state in {@code workDir/state} and writing events to {@code queue}.
     */
    static JavaProcess start(Path workDir, Path queue, Path portFile, Path source, String... serviceArguments)
            throws IOException {
        return start(workDir, queue, portFile, source, List.of(), serviceArguments);
    }

    /** As above, with more JVM options for the service (e.g. the agent's telemetry settings). */
    static JavaProcess start(Path workDir, Path queue, Path portFile, Path source, List<String> jvmOptions,
                             String... serviceArguments) throws IOException {
        return start(JavaProcess.fromProperty("example.synclog.yaml", "synclog.yaml"), workDir, queue, portFile, source,
                jvmOptions, serviceArguments);
    }

    /** As above, with another agent configuration than the demo's (e.g. the demo's plus privacy rules). */
    static JavaProcess start(Path config, Path workDir, Path queue, Path portFile, Path source, List<String> jvmOptions,
                             String... serviceArguments) throws IOException {
        Path agent = JavaProcess.fromProperty("agent.jar", "../agent/target/synclog.jar");
        Path example = JavaProcess.fromProperty("example.jar", "target/synclog-example.jar");
        List<String> command = new ArrayList<>(List.of(
                "-javaagent:" + agent + "=config=" + config,
                "-Dsynclog.queue=" + queue));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp", example.toString(), MAIN,
                "--source", source.toString(),
                "--state", workDir.resolve("state").toString(),
                "--destinations", portFile.toString()));
        command.addAll(List.of(serviceArguments));
        return JavaProcess.startJvm(workDir, "ContactSyncService", command);
    }
}
