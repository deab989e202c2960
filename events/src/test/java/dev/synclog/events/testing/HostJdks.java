package dev.synclog.events.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs installed beside the one running the tests (e.g. a Temurin 25 next to the default JDK 17), for tests that
 * run the agent or the exporter on each: found at run time, since the machine's paths do not belong in the repository.
 * Shared with the agent's and the exporter's tests through this module's test jar.
 */
public final class HostJdks {
    public static final Path RUNNING = Path.of(System.getProperty("java.home"));
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)[^\"]*\"");

    private HostJdks() {
    }

    /** JDK homes beside the running one, each once (symlinks resolved), with their feature version; 17+ only. */
    public static Map<Path, Integer> besideTheRunningOne() {
        Map<Path, Integer> jdks = new TreeMap<>();
        try {
            Path running = RUNNING.toRealPath();
            for (Path home : siblingsOf(running)) {
                if (home.equals(running) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                featureVersion(home).filter(version -> version >= 17).ifPresent(version -> jdks.put(home, version));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list the JDKs beside " + RUNNING, e);
        }
        return jdks;
    }

    /** The feature version in a JDK's {@code release} file, e.g. 25 for {@code JAVA_VERSION="25.0.3"}. */
    public static Optional<Integer> featureVersion(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> siblingsOf(Path home) throws IOException {
        try (Stream<Path> siblings = Files.list(home.getParent())) {
            return siblings.map(HostJdks::realPath).distinct().toList();
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
