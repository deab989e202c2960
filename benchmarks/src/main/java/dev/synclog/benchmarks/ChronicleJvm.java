package dev.synclog.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chronicle Queue maps its files through JDK internals that Java 17 keeps closed. The exporter jar opens them in its
 * manifest; a benchmark started with {@code java -cp} has no manifest to do it, so it starts itself again with them.
 */
final class ChronicleJvm {
    /** The same set as the build's {@code chronicle.jvm.args} and the exporter jar's manifest. */
    static final List<String> FLAGS = List.of(
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
            "-Dsystem.properties=/nonexistent/synclog.system.properties", "-Duser.timezone=UTC");

    private ChronicleJvm() {
    }

    static boolean internalsOpen() {
        return Object.class.getModule().isOpen("sun.nio.ch", ChronicleJvm.class.getModule());
    }

    /** Runs {@code main} with {@code args} in a new JVM that has {@link #FLAGS}, and returns its exit code. */
    static int relaunch(Class<?> main, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
