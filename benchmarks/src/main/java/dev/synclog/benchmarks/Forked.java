package dev.synclog.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The processes a benchmark forks: started with their output in a log file, and always stopped. */
final class Forked {
    /** bash's {@code times}: the second line holds the user and system CPU of the shell's finished children. */
    private static final Pattern CHILD_TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    private Forked() {
    }

    /** {@code java} of the JVM running the benchmark, then {@code args}. */
    static List<String> java(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        return command;
    }

    /**
     * A class directory holding only {@code app} (a class without nested classes, using JDK classes only), for an
     * app forked with or without an agent: the benchmark's own class path carries the agent's and the exporter's
     * classes, which would change what is measured.
     */
    static Path appClasses(Class<?> app, Path work) throws IOException {
        String resource = app.getName().replace('.', '/') + ".class";
        Path directory = work.resolve("app-" + app.getSimpleName());
        Path target = directory.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = app.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return directory;
    }

    static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM, so shutdown hooks run; SIGKILL if that takes more than 20 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static void awaitFile(Path file, Process owner, Path ownerLog, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(file)) {
            if (!owner.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + file + " after " + timeout.toSeconds() + " s; the process "
                        + (owner.isAlive() ? "is still running" : "ended") + ", its log " + ownerLog + ":\n" + tail(ownerLog));
            }
            Thread.sleep(50);
        }
    }

    /** Wall and CPU time of a process, from its start to its exit, shutdown hooks included. */
    record Timing(long wallNanos, long cpuNanos) {
    }

    /**
     * Runs {@code command} to its end under bash, whose {@code times} reports the CPU the process used, all its
     * threads and its whole life included, which no in-process reading can (the JVM's shutdown hooks run after
     * anything the app could print). Fails, with the log's end, when the exit status is not 0.
     */
    static Timing runTimed(List<String> command, Path log, Duration timeout) throws Exception {
        Path timesFile = Files.createTempFile(log.getParent(), "times", ".txt");
        List<String> shell = new ArrayList<>(List.of("bash", "-c",
                "out=$1; shift; \"$@\"; status=$?; times > \"$out\"; exit $status", "bash", timesFile.toString()));
        shell.addAll(command);
        long start = System.nanoTime();
        Process process = start(shell, log);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s: " + command + "\n" + tail(log));
        }
        long wall = System.nanoTime() - start;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit status " + process.exitValue() + ": " + command + "\n" + tail(log));
        }
        String times = Files.readString(timesFile);
        Files.delete(timesFile);
        Matcher children = CHILD_TIMES.matcher(times.lines().skip(1).findFirst().orElse(""));
        if (!children.matches()) {
            throw new IllegalStateException("cannot read bash's times output '" + times + "' for " + command);
        }
        return new Timing(wall, seconds(children.group(1), children.group(2)) + seconds(children.group(3), children.group(4)));
    }

    private static long seconds(String minutes, String seconds) {
        return TimeUnit.MINUTES.toNanos(Long.parseLong(minutes)) + (long) (Double.parseDouble(seconds) * 1e9);
    }

    /** The last lines of a forked process's log, for an error message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
