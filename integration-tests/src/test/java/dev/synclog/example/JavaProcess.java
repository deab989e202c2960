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
            "target/synclog-example.jar"));

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
        if (!Files.isRegularFile(EXAMPLE_JAR)) {
            throw new IllegalStateException(EXAMPLE_JAR + " is missing: run these tests with `mvn -pl integration-tests "
                    + "verify`, which packages it first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", EXAMPLE_JAR.toString(), mainClass));
        command.addAll(List.of(args));
        String name = mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + System.nanoTime();
        Path stdout = workDir.resolve(name + ".out");
        Path stderr = workDir.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new JavaProcess(name, process, stdout, stderr);
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
