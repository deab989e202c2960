package dev.synclog.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class cache's files as upgrades leave them: what a build does not read is not kept. */
class TransformCacheTest {
    private static final byte[] CLIENT = "original class bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_CLIENT = "another class".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path queue;

    @Test
    void theFirstEntryAStartWritesDeletesThoseOfOtherBuildsOnly() throws IOException {
        Path dir = queue.resolve("class-cache");
        new TransformCache(dir, "synclog 0.1.0 1000 1").put(CLIENT, bytes("old build"));
        // An entry from before names began with the build's hash, and a stranger file the cache did not make.
        Path unprefixed = Files.writeString(dir.resolve("ab".repeat(32) + ".class"), "older");
        Path stranger = Files.writeString(dir.resolve("README"), "kept");
        assertThat(entries(dir)).hasSize(3);

        TransformCache current = new TransformCache(dir, "synclog 0.2.0 2000 2");
        assertThat(current.holdsEntriesOfThisBuild()).isFalse();
        assertThat(current.get(CLIENT)).as("another build's entry is a miss").isNull();
        current.put(CLIENT, bytes("new build"));
        current.put(OTHER_CLIENT, bytes("new build, another class"));

        assertThat(entries(dir)).hasSize(3).contains(stranger).doesNotContain(unprefixed);
        assertThat(current.get(CLIENT)).isEqualTo(bytes("new build"));
        assertThat(current.get(OTHER_CLIENT)).isEqualTo(bytes("new build, another class"));
        assertThat(new TransformCache(dir, "synclog 0.1.0 1000 1").get(CLIENT)).as("the old build's entry").isNull();

        TransformCache nextStart = new TransformCache(dir, "synclog 0.2.0 2000 2");
        assertThat(nextStart.holdsEntriesOfThisBuild()).isTrue();
        assertThat(nextStart.get(CLIENT)).isEqualTo(bytes("new build"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
