package dev.synclog.example;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The packaged exporter jar in its own JVM: the continuous sidecar, one-shot loads, and its status and dump commands. */
final class ExporterSidecar {
    private ExporterSidecar() {
    }

    /**
     * {@code run} without {@code --once}: tails the queue until stopped. Its temp directory is the test's: what a
     * sidecar killed while it connects leaves there (DuckDB's unpacked native library, 60 MB) goes with the test.
     */
    static JavaProcess startContinuous(Path workDir, Path queue, Warehouse.Target target) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Djava.io.tmpdir=" + workDir));
        jvm.addAll(command("run", "--queue", queue.toString(), "--warehouse", target.url(), "--schema", target.schema(),
                "--batch-max-wait", "200ms"));
        return JavaProcess.startJvm(workDir, "exporter", jvm);
    }

    /** {@code run --once}: loads what the queue holds, closes what can be closed, exits 0. */
    static void runOnce(Path workDir, Path queue, Warehouse.Target target, String... options) throws Exception {
        runOnce(workDir, queue, target, List.of(), options);
    }

    /** As above, with JVM options for the exporter (e.g. a flight recording). */
    static void runOnce(Path workDir, Path queue, Warehouse.Target target, List<String> jvmOptions, String... options)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of("run", "--once", "--queue", queue.toString(),
                "--warehouse", target.url(), "--schema", target.schema()));
        arguments.addAll(List.of(options));
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.addAll(command(arguments.toArray(String[]::new)));
        JavaProcess.startJvm(workDir, "exporter-once", jvm).awaitSuccess(120);
    }

    /**
     * Waits until the running exporter says it is idle with no event behind. {@code status} recounts the lag from the
     * queue itself, so an idle state written before the last events arrived does not count.
     */
    static void awaitCaughtUp(Path workDir, Path queue, JavaProcess exporter, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!exporter.isAlive()) {
                throw new AssertionError("the exporter died\n" + exporter.output());
            }
            JavaProcess status = JavaProcess.startJvm(workDir, "exporter-status",
                    command("status", "--queue", queue.toString()));
            if (status.awaitExit(30) == 0) {
                last = String.join("\n", status.stdoutLines());
                if (last.matches("(?s).*\\nexporter: +idle.*") && last.matches("(?s).*\\nevents behind: +0\\n.*")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("exporter not caught up after " + timeoutSeconds + " s; last status:\n" + last
                + "\n" + exporter.output());
    }

    /** The row results the agent wrote to the queue (dump), as loaded rows must equal them one for one. */
    static long rowResultsInQueue(Path workDir, Path queue) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long rows = 0;
        for (String line : dump(workDir, queue)) {
            rows += rowsOf(json.readTree(line));
        }
        return rows;
    }

    /** The row results a dumped event holds: one for a rowResult, each of its rows for a callRows, else none. */
    static long rowsOf(JsonNode event) {
        return switch (event.path("event").asText()) {
            case "rowResult" -> 1;
            case "callRows" -> event.path("rows").size();
            default -> 0;
        };
    }

    /** Every event in the queue as a JSON line ({@code dump}), in queue order. */
    static List<String> dump(Path workDir, Path queue) throws Exception {
        return JavaProcess.startJvm(workDir, "exporter-dump", command("dump", "--queue", queue.toString())).awaitSuccess(120);
    }

    private static List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of("-jar",
                JavaProcess.fromProperty("exporter.jar", "../exporter/target/synclog-exporter.jar").toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
