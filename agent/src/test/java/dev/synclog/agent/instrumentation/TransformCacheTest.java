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

/**
 * The class cache's keys (an entry serves only the bytes, build and config inputs it was made from) and its files as
 * upgrades and redeploys leave them: what a build does not read is not kept.
 */
class TransformCacheTest {
    private static final String CLIENT_NAME = "jdk/internal/net/http/HttpClientImpl";
    private static final String OTHER_CLIENT_NAME = "sun/net/www/protocol/http/HttpURLConnection";
    private static final String APP_CLASS = "com/acme/ContactSync";
    private static final String RUN_ONCE = "run-method: method runOnce\n";
    private static final byte[] CLIENT = "original class bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_CLIENT = "another class".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path queue;

    @Test
    void theFirstEntryAStartWritesDeletesThoseOfOtherBuildsOnly() throws IOException {
        Path dir = queue.resolve("class-cache");
        new TransformCache(dir, "synclog 0.1.0 1000 1").put(CLIENT_NAME, "", CLIENT, bytes("old build"));
        // An entry from before names began with the build's hash, and a stranger file the cache did not make.
        Path unprefixed = Files.writeString(dir.resolve("ab".repeat(32) + ".class"), "older");
        Path stranger = Files.writeString(dir.resolve("README"), "kept");
        assertThat(entries(dir)).hasSize(3);

        TransformCache current = new TransformCache(dir, "synclog 0.2.0 2000 2");
        assertThat(current.holdsEntriesOfThisBuild()).isFalse();
        assertThat(current.get(CLIENT_NAME, "", CLIENT)).as("another build's entry is a miss").isNull();
        current.put(CLIENT_NAME, "", CLIENT, bytes("new build"));
        current.put(OTHER_CLIENT_NAME, "", OTHER_CLIENT, bytes("new build, another class"));

        assertThat(entries(dir)).hasSize(3).contains(stranger).doesNotContain(unprefixed);
        assertThat(current.get(CLIENT_NAME, "", CLIENT)).isEqualTo(bytes("new build"));
        assertThat(current.get(OTHER_CLIENT_NAME, "", OTHER_CLIENT)).isEqualTo(bytes("new build, another class"));
        assertThat(new TransformCache(dir, "synclog 0.1.0 1000 1").get(CLIENT_NAME, "", CLIENT)).as("the old build's entry").isNull();

        TransformCache nextStart = new TransformCache(dir, "synclog 0.2.0 2000 2");
        assertThat(nextStart.holdsEntriesOfThisBuild()).isTrue();
        assertThat(nextStart.get(CLIENT_NAME, "", CLIENT)).isEqualTo(bytes("new build"));
    }

    @Test
    void anAppClassIsServedOnlyForTheConfigInputsAndBytesItWasTransformedFrom() {
        TransformCache cache = new TransformCache(queue.resolve("class-cache"), "synclog 0.2.0 2000 2");
        assertThat(cache.holdsEntryOf(APP_CLASS, RUN_ONCE)).isFalse();
        cache.put(APP_CLASS, RUN_ONCE, CLIENT, bytes("runOnce instrumented"));

        TransformCache nextStart = new TransformCache(queue.resolve("class-cache"), "synclog 0.2.0 2000 2");
        assertThat(nextStart.holdsEntryOf(APP_CLASS, RUN_ONCE)).isTrue();
        assertThat(nextStart.get(APP_CLASS, RUN_ONCE, CLIENT)).isEqualTo(bytes("runOnce instrumented"));
        String runAll = "run-method: method runAll\n";
        assertThat(nextStart.holdsEntryOf(APP_CLASS, runAll)).as("another run method").isFalse();
        assertThat(nextStart.get(APP_CLASS, runAll, CLIENT)).as("another run method").isNull();
        assertThat(nextStart.get(APP_CLASS, "", CLIENT)).as("no config inputs").isNull();
        assertThat(nextStart.get("com/acme/OtherSync", RUN_ONCE, CLIENT)).as("another class's name").isNull();
        assertThat(nextStart.get(APP_CLASS, RUN_ONCE, OTHER_CLIENT)).as("the class's bytes changed").isNull();
        assertThat(new TransformCache(queue.resolve("class-cache"), "synclog 0.2.0 2000 3").get(APP_CLASS, RUN_ONCE, CLIENT))
                .as("another build").isNull();
    }

    @Test
    void aClassTransformedFromNewBytesReplacesItsEntryForTheSameConfigOnly() throws IOException {
        Path dir = queue.resolve("class-cache");
        TransformCache cache = new TransformCache(dir, "synclog 0.2.0 2000 2");
        String runAll = "run-method: method runAll\n";
        cache.put(APP_CLASS, RUN_ONCE, CLIENT, bytes("deployed first"));
        cache.put(APP_CLASS, runAll, CLIENT, bytes("another config"));
        cache.put(CLIENT_NAME, "", CLIENT, bytes("a JDK client"));

        cache.put(APP_CLASS, RUN_ONCE, OTHER_CLIENT, bytes("redeployed"));

        assertThat(entries(dir)).hasSize(3);
        assertThat(cache.get(APP_CLASS, RUN_ONCE, CLIENT)).as("the class's earlier bytes").isNull();
        assertThat(cache.get(APP_CLASS, RUN_ONCE, OTHER_CLIENT)).isEqualTo(bytes("redeployed"));
        assertThat(cache.get(APP_CLASS, runAll, CLIENT)).isEqualTo(bytes("another config"));
        assertThat(cache.get(CLIENT_NAME, "", CLIENT)).isEqualTo(bytes("a JDK client"));
    }

    @Test
    void aDamagedEntryIsAMissAndTheNextPutReplacesIt() throws IOException {
        Path dir = queue.resolve("class-cache");
        TransformCache cache = new TransformCache(dir, "synclog 0.2.0 2000 2");
        cache.put(APP_CLASS, RUN_ONCE, CLIENT, bytes("runOnce instrumented"));
        Path entry = entries(dir).get(0);
        byte[] damaged = Files.readAllBytes(entry);
        damaged[damaged.length - 1] ^= 1;
        Files.write(entry, damaged);
        assertThat(cache.get(APP_CLASS, RUN_ONCE, CLIENT)).isNull();
        Files.write(entry, new byte[0]);
        assertThat(cache.get(APP_CLASS, RUN_ONCE, CLIENT)).as("an empty entry").isNull();

        cache.put(APP_CLASS, RUN_ONCE, CLIENT, bytes("runOnce instrumented"));
        assertThat(cache.get(APP_CLASS, RUN_ONCE, CLIENT)).isEqualTo(bytes("runOnce instrumented"));
    }

    @Test
    void anUnreadableOrMissingDirectoryIsAMiss() throws IOException {
        Path notADirectory = Files.writeString(queue.resolve("class-cache"), "a file");
        TransformCache cache = new TransformCache(notADirectory, "synclog 0.2.0 2000 2");
        assertThat(cache.holdsEntriesOfThisBuild()).isFalse();
        assertThat(cache.holdsEntryOf(APP_CLASS, RUN_ONCE)).isFalse();
        assertThat(cache.get(APP_CLASS, RUN_ONCE, CLIENT)).isNull();
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
