package dev.synclog.exporter.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DuckDB's JDBC driver unpacks its native library (about 60 MB) into {@code java.io.tmpdir} in every JVM that loads
 * it, and deletes the copy only at a normal exit: each exporter killed (kill -9, the kernel's OOM killer, a crash
 * loop under a supervisor) left one behind, until the temporary file system filled. On Linux a loaded library needs
 * no file, so the exporter deletes its own copy as soon as the driver has loaded it. Elsewhere the driver's delete at
 * exit is all there is.
 */
final class UnpackedDuckDbLibrary {
    private static final Path MAPS = Path.of("/proc/self/maps");
    /** {@code Files.createTempFile("libduckdb_java", ".so")}'s names: the prefix, a random number, the suffix. */
    private static final Pattern NAME = Pattern.compile("libduckdb_java\\d+\\.so");
    private static final AtomicBoolean deleted = new AtomicBoolean();

    private UnpackedDuckDbLibrary() {
    }

    /** Once the driver has loaded (after a first connection); later calls do nothing. */
    static void deleteLoadedCopy() {
        if (!Files.isReadable(MAPS) || !deleted.compareAndSet(false, true)) {
            return;
        }
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            for (Path copy : mappedCopiesIn(tmp)) {
                Files.deleteIfExists(copy);
            }
        } catch (IOException | RuntimeException e) {
            // Nothing is lost: the driver still deletes the copy when the exporter exits normally.
        }
    }

    /** Only this process's own copies: files it has mapped, named as the driver names them, in its temp directory. */
    private static List<Path> mappedCopiesIn(Path tmp) throws IOException {
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.map(UnpackedDuckDbLibrary::mappedFile).filter(Objects::nonNull).distinct()
                    .filter(file -> tmp.equals(file.getParent()) && NAME.matcher(file.getFileName().toString()).matches())
                    .toList();
        }
    }

    /** The file a line of {@code /proc/self/maps} maps, if any: its path runs from the first slash to the end. */
    private static Path mappedFile(String line) {
        int slash = line.indexOf('/');
        return slash < 0 || line.endsWith(" (deleted)") ? null : Path.of(line.substring(slash));
    }
}
