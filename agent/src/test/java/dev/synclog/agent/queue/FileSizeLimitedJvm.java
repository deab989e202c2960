package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of these tests in a JVM of its own under {@code ulimit -f BLOCKS}: the kernel writes the part of a
 * write that fits under the file size limit and fails the next ({@code EFBIG}; the JVM ignores {@code SIGXFSZ}), as
 * with a disk that fills in the middle of a write.
 */
final class FileSizeLimitedJvm {
    private FileSizeLimitedJvm() {
    }

    /** What the app printed (stdout and stderr), once it exited 0; its output goes to {@code output}. */
    static String run(Path output, int blocks, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -f " + blocks + " && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("%s ended", main.getSimpleName()).isTrue();
        } finally {
            app.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output);
        assertThat(app.exitValue()).as(printed).isZero();
        return printed;
    }
}
