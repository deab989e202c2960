package dev.synclog.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a test app in a forked JVM with the real agent jar attached, and waits for it (bounded). */
final class AgentProcess {
    static final Path AGENT_JAR = Path.of(System.getProperty("synclog.agent.jar", "target/synclog.jar"));
    private static final String TEST_CLASSES = System.getProperty("synclog.test.classes", "target/test-classes");

    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean filePermissionsApply;
    private final List<String> classPath = new ArrayList<>(List.of(TEST_CLASSES));
    private Path javaHome = Path.of(System.getProperty("java.home"));
    /** The agent's config file; null: the agent is attached without options. */
    private Path config;
    private boolean attach = true;
    private boolean fullJit;

    static AgentProcess withConfig(Path config) {
        AgentProcess p = new AgentProcess();
        p.config = config;
        return p;
    }

    static AgentProcess withoutAgent() {
        AgentProcess p = new AgentProcess();
        p.attach = false;
        return p;
    }

    AgentProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * The JVM's default compilers, for tests whose point needs the code the app runs for long (throughput, heap
     * growth, races that only C2's reordering shows). Without it a test app runs on C1 alone: it makes a few calls
     * and exits, and C2 would spend seconds of CPU on its start-up, most of a fork's cost on a 2-core CI machine
     * (docs/performance.md, "The test suite's time").
     */
    AgentProcess fullJit() {
        fullJit = true;
        return this;
    }

    AgentProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * File permissions bind the app even when the tests run as root: then it starts without the capabilities that
     * let root read and write any file (util-linux's setpriv), so a file mode of 000 really is refused.
     */
    AgentProcess subjectToFilePermissions() {
        filePermissionsApply = true;
        return this;
    }

    AgentProcess classPathEntry(Path entry) {
        classPath.add(0, entry.toString());
        return this;
    }

    AgentProcess javaHome(Path home) {
        javaHome = home;
        return this;
    }

    Result run(Path workDir, Class<?> main, String... args) throws IOException, InterruptedException {
        return start(workDir, main, args).await();
    }

    /** Starts the app without waiting for it: for tests that look at it, or kill it, while it runs. */
    Running start(Path workDir, Class<?> main, String... args) throws IOException {
        List<String> app = new ArrayList<>(List.of("-cp", String.join(File.pathSeparator, absolute(classPath)), main.getName()));
        app.addAll(List.of(args));
        return start(workDir, app);
    }

    /** Runs an executable jar ({@code java -jar}), as services are shipped: the test classes are not on its class path. */
    Result runJar(Path workDir, Path jar, String... args) throws IOException, InterruptedException {
        List<String> app = new ArrayList<>(List.of("-jar", jar.toAbsolutePath().toString()));
        app.addAll(List.of(args));
        return start(workDir, app).await();
    }

    /**
     * {@code java -jar synclog.jar check CONFIG}, the config check a deployment pipeline runs, with this process's JVM
     * options, environment and user, and the config it would attach the agent with (none: {@code check} alone).
     */
    Result check(Path workDir, String... options) throws IOException, InterruptedException {
        List<String> check = new ArrayList<>(List.of("-jar", AGENT_JAR.toAbsolutePath().toString(), "check"));
        if (config != null) {
            check.add(config.toString());
        }
        check.addAll(List.of(options));
        return start(workDir, check, false).await();
    }

    private Running start(Path workDir, List<String> app) throws IOException {
        return start(workDir, app, attach);
    }

    /** @param app the class path and main class, or the jar, then the app's arguments */
    private Running start(Path workDir, List<String> app, boolean withAgent) throws IOException {
        List<String> command = new ArrayList<>();
        if (filePermissionsApply && "root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        }
        command.add(javaHome.resolve("bin/java").toString());
        if (withAgent) {
            command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (config == null ? "" : "=config=" + config));
        }
        if (!fullJit) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(jvmOptions);
        command.addAll(app);
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        return new Running(builder.start(), command, out, err);
    }
    private static List<String> absolute(List<String> entries) {
        List<String> result = new ArrayList<>();
        for (String e : entries) {
            result.add(Path.of(e).toAbsolutePath().toString());
        }
        return result;
    }

    /** An app started by {@link #start}: the test awaits it, or kills it, and so stops it in any case. */
    record Running(Process process, List<String> command, Path out, Path err) implements AutoCloseable {
        boolean isAlive() {
            return process.isAlive();
        }

        String stdoutSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        /** SIGKILL: the app gets no chance to run a shutdown hook, as with kill -9. */
        void kill9() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        /** SIGTERM, as a service manager stops a service: the JVM runs its shutdown hooks, the agent's among them. */
        Result terminate() throws IOException, InterruptedException {
            process.destroy();
            return await();
        }

        Result await() throws IOException, InterruptedException {
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    throw new AssertionError("the app did not finish within 90 s: " + command);
                }
            } finally {
                close();
            }
            return new Result(process.exitValue(), stdoutSoFar(), Files.readString(err, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill9();
            }
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        /** The agent's own lines on stderr, without the app's or the JVM's. */
        List<String> agentLines() {
            List<String> lines = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.startsWith("synclog:")) {
                    lines.add(line);
                }
            }
            return lines;
        }

        Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("app exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }
}
