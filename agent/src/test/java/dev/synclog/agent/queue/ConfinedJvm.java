package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of these tests in a JVM of its own, under a shell that confines its files first. */
final class ConfinedJvm {
    private ConfinedJvm() {
    }

    /**
     * Under {@code ulimit -f BLOCKS} (of 512 bytes): the kernel writes the part of a write that fits under the file
     * size limit and fails the next ({@code EFBIG}; the JVM ignores {@code SIGXFSZ}), as with a disk that fills in the
     * middle of a write. Returns what the app printed (stdout and stderr) once it exited 0; its output goes to
     * {@code output}.
     */
    static String underFileSizeLimit(Path output, int blocks, Class<?> main, String... args) throws Exception {
        return run(output, List.of("sh", "-c", "ulimit -f " + blocks + " && exec \"$@\"", "sh"), main, args);
    }

    /**
     * With {@code disk} a file system of its own of {@code kib} KiB (a tmpfs in a mount namespace of the app's: a real
     * full disk, which no other process sees), its content copied into {@code copy} when the app has exited.
     */
    static String onASmallDisk(Path output, Path disk, int kib, Path copy, Class<?> main, String... args)
            throws Exception {
        Files.createDirectories(disk);
        return run(output, List.of("unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=" + kib + "k tmpfs \"$0\""
                + " && \"$@\"; status=$? && cp -a \"$0\"/. " + quoted(copy) + " && exit $status", disk.toString()),
                main, args);
    }

    /** False where a mount namespace cannot be made (no {@code unshare}, or user namespaces not allowed). */
    static boolean smallDisksPossible() {
        try {
            Process probe = new ProcessBuilder("unshare", "-Urm", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The command that runs {@code main} of these tests with {@code args}, in a JVM of its own. */
    static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    private static String run(Path output, List<String> confined, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(confined);
        command.addAll(java(main, args));
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
