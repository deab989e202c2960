package dev.synclog.example;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class of the example jar run in its own JVM, as the demo runs it. Output goes to files in the test's
 * directory so a failure can show it; {@link #close()} ends the process whatever state it is in.
 */
final class JavaProcess implements AutoCloseable {
    private static final Path EXAMPLE_JAR = Path.of(System.getProperty("example.jar",
            "target/synclog-example.jar")).toAbsolutePath();

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JavaProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static JavaProcess start(Path workDir, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-cp", existing(EXAMPLE_JAR, "example.jar").toString(), mainClass));
        command.addAll(List.of(args));
        return startJvm(workDir, mainClass.substring(mainClass.lastIndexOf('.') + 1), command);
    }

    /** A JVM of this JDK with these arguments (options, then a main class or {@code -jar}); {@code name} names its logs. */
    static JavaProcess startJvm(Path workDir, String name, List<String> jvmArguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        String logName = name + "-" + System.nanoTime();
        Path stdout = workDir.resolve(logName + ".out");
        Path stderr = workDir.resolve(logName + ".err");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new JavaProcess(logName, process, stdout, stderr);
    }

    /** A jar built by the reactor, found through a failsafe system property; fails naming the fix when absent. */
    static Path existing(Path jar, String property) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " (system property " + property + ") is missing: run these tests with "
                    + "`mvn verify` from the repository root, which packages the agent, the exporter and the example first");
        }
        return jar;
    }

    static Path fromProperty(String property, String fallback) {
        // Absolute: the forked processes run in the test's directory.
        return existing(Path.of(System.getProperty(property, fallback)).toAbsolutePath(), property);
    }

    /** Waits for a normal exit and returns its stdout lines; fails with its output otherwise. */
    List<String> awaitSuccess(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running after " + timeoutSeconds + " s\n" + output());
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "\n" + output());
        }
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    /** Waits for any exit and returns the exit code; fails with its output when it is still running. */
    int awaitExit(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running after " + timeoutSeconds + " s\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crashing host or an OOM killer would: no shutdown hook runs. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and waits for the process to finish; fails with its output if it does not. */
    void terminate(long timeoutSeconds) throws IOException, InterruptedException {
        process.destroy();
        awaitExit(timeoutSeconds);
    }

    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    }

    List<String> stderrLines() throws IOException {
        return Files.readAllLines(stderr, StandardCharsets.UTF_8);
    }

    String output() throws IOException {
        return "--- stdout\n" + Files.readString(stdout) + "--- stderr\n" + Files.readString(stderr);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Closes its stdin (servers started with --exit-on-stdin-close stop on that), then insists. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
