package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What must never reach the queue on the app's host does not, byte for byte; and the queue is owner-only. */
class PrivacyIT {
    private static final String SECRET = "hunter2-SECRET-VALUE";
    /** What {@code SendApp} sends as its Authorization header. */
    private static final String TOKEN = "sk_live_TOPSECRET_TOKEN";
    private static final String VISIBLE = "visible-NONSECRET@x.io";

    @TempDir
    Path work;
    AudienceSync sync;

    @BeforeEach
    void start() throws IOException {
        sync = new AudienceSync(work);
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void excludedFieldAndAuthorizationHeaderNeverReachTheQueueFiles(String client) throws Exception {
        AtomicReference<String> sent = new AtomicReference<>();
        // The API echoes the secret in its failure reason, as real APIs do with offending values.
        sync.destination.on(AudienceSync.PATH, (request, attempt) -> {
            sent.set(new String(request, StandardCharsets.UTF_8));
            return Response.json(200, "{\"results\":[{\"ok\":false,\"error\":{\"message\":\"value " + SECRET + " rejected\"}}]}");
        });
        sync.writeConfig("", "privacy: {exclude: [secret]}\n");
        Path body = sync.writeBody("{\"members\":[{\"id\":\"p1\",\"email\":\"" + VISIBLE + "\",\"secret\":\"" + SECRET + "\"}]}");

        sync.send(AgentProcess.withConfig(sync.configFile()), client, body, 1, 1).assertOk();

        assertThat(sent.get()).as("the app really sent the secret").contains(SECRET);
        assertThat(filesContaining(sync.queueDir(), VISIBLE)).as("the scan reads the recorded rows").isNotEmpty();
        for (String secret : List.of(SECRET, TOKEN, "Bearer")) {
            assertThat(filesContaining(sync.queueDir(), secret)).as("queue files holding " + secret).isEmpty();
        }
        // The journal holds no more than the queue (CallJournalTest reads one a kill -9 leaves); a clean exit deletes it.
        assertThat(everythingUnder(sync.queueDir().resolve("journal"))).as("the journal after a clean exit")
                .containsExactly(sync.queueDir().resolve("journal"));
        assertThat(sync.recorded().rows).singleElement().satisfies(row -> {
            assertThat(row.fields()).isEqualTo("{\"id\":\"p1\",\"email\":\"" + VISIBLE + "\"}");
            assertThat(row.failureReason()).isEqualTo("value [excluded] rejected");
        });
    }

    @Test
    void queueDirectoryAndFilesAreOwnerOnly() throws Exception {
        sync.writeConfig("", "");
        sync.send(AgentProcess.withConfig(sync.configFile()), "jdk", sync.writeBody(AudienceSync.TWO_MEMBERS), 1, 1).assertOk();

        List<Path> files = everythingUnder(sync.queueDir());
        assertThat(files).as("queue files").anyMatch(f -> f.toString().endsWith(".cq4"));
        for (Path path : files) {
            String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString()).isEqualTo(expected);
        }
    }

    /** The files under {@code dir} whose raw bytes hold {@code text} in plain ASCII. */
    static List<Path> filesContaining(Path dir, String text) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path path : everythingUnder(dir)) {
            // One char per byte, so the search sees the bytes exactly as they are on disk.
            if (Files.isRegularFile(path) && new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1).contains(text)) {
                found.add(path);
            }
        }
        return found;
    }

    /** The directory itself and everything in it. */
    private static List<Path> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.toList();
        }
    }
}
