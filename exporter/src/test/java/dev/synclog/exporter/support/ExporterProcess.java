package dev.synclog.exporter.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged exporter in a JVM of its own, started exactly as an operator would: {@code java -jar}. */
public final class ExporterProcess {
    public static final Path JAR = Path.of("target", "synclog-exporter.jar").toAbsolutePath();
    private static final Path RUNNING_JAVA_HOME = Path.of(System.getProperty("java.home"));

    private ExporterProcess() {
    }

    public static Process start(Path log, String... args) throws IOException {
        return start(log, List.of(), args);
    }

    /** @param jvmArgs e.g. {@code -Dotel.exporter.otlp.endpoint=…}, placed before {@code -jar} */
    public static Process start(Path log, List<String> jvmArgs, String... args) throws IOException {
        return start(RUNNING_JAVA_HOME, log, List.of(), jvmArgs, args);
    }

    /** On another JVM than the tests' (e.g. a newer one installed beside it). */
    public static Process startOn(Path javaHome, Path log, String... args) throws IOException {
        return start(javaHome, log, List.of(), List.of(), args);
    }

    /**
     * File permissions bind the exporter even when the tests run as root: then it starts without the capabilities
     * that let root read and write any file (util-linux's setpriv), so a mode of 000 really is refused.
     */
    public static Process startSubjectToFilePermissions(Path log, String... args) throws IOException {
        List<String> prefix = "root".equals(System.getProperty("user.name"))
                ? List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search") : List.of();
        return start(RUNNING_JAVA_HOME, log, prefix, List.of(), args);
    }

    private static Process start(Path javaHome, Path log, List<String> prefix, List<String> jvmArgs, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run `mvn -pl exporter -am verify` (it is built by package)");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(javaHome.resolve("bin").resolve("java").toString(), "-Xmx512m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
