package dev.synclog.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's scratch directory (source tables, queues of hundreds of MiB), removed when it ends. */
final class WorkDirectory implements AutoCloseable {
    private final Path path;

    WorkDirectory(String prefix) throws IOException {
        path = Files.createTempDirectory(prefix);
    }

    Path path() {
        return path;
    }

    static void delete(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + tree, e);
        }
    }

    @Override
    public void close() {
        delete(path);
    }
}
