package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallInProgress;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.runs.RunTracker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file as a killed app leaves it: what it holds (never a protected value), and a torn last append. */
class CallJournalTest {
    private static final String SECRET = "hunter2-SECRET-VALUE";
    private static final String API_KEY = "sk_live_QUERYKEY";
    private static final String VISIBLE = "visible-NONSECRET@x.io";

    @TempDir
    Path dir;
    private CallJournal journal;
    private CallCapture capture;

    @BeforeEach
    void start() throws Exception {
        AgentConfig config = AgentConfig.parse("""
                sync: {sync_id: audience}
                queue: {dir: "%s", min_free_disk: 1MiB}
                privacy: {exclude: [secret]}
                endpoints:
                  - name: audience-add
                    match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audience}/members:add"}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
                """.formatted(dir.resolve("queue")), "test.yaml", Map.of(), new Properties());
        journal = CallJournal.open(config.queueDir(), config.minFreeDiskBytes(), 100, 1 << 20);
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        runs.startProcessRun();
        capture = new CallCapture(config, runs, journal);
    }

    @Test
    void holdsTheRowsAsTheQueueWouldNeverAnExcludedValueNorTheQueryString() throws Exception {
        // The destination echoes the secret in its failure reason, as real APIs do with offending values.
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"" + VISIBLE + "\",\"secret\":\"" + SECRET + "\"}]}",
                "{\"results\":[{\"ok\":false,\"error\":{\"message\":\"value " + SECRET + " rejected\"}}]}");

        String bytes = Files.readString(journal.file(), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("the journal holds the row").contains(VISIBLE).contains("value [excluded] rejected");
        assertThat(bytes).doesNotContain(SECRET).doesNotContain(API_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aTornLastAppendIsIgnoredAndWhatCameBeforeIsRead() throws Exception {
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        long whole = Files.size(journal.file());
        send("{\"members\":[{\"id\":\"p2\",\"email\":\"b@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        // A kill -9 inside the last write: its record is cut short.
        try (FileChannel channel = FileChannel.open(journal.file(), StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(journal.file()) - 3);
        }

        List<JournalEntry> entries = new ArrayList<>();
        try (JournalFile file = new JournalFile(journal.file(), false)) {
            JournalEntry entry;
            while ((entry = file.next(0)) != null) {
                entries.add(entry);
            }
        }
        assertThat(entries).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RunBegan", "CallSent", "CallEnded", "CallSent");
        assertThat(((JournalEntry.CallSent) entries.get(3)).ids()).containsExactly("p2");
        assertThat(entries.get(3).position()).isEqualTo(whole);
    }

    /** One call as the HTTP client instrumentation drives it: request copied and sent, then the response. */
    private void send(String request, String response) throws IOException {
        CallRecord record = capture.start("java-http-client", "POST",
                URI.create("http://127.0.0.1:9/v1/audiences/news/members:add?api_key=" + API_KEY));
        record.requestContentType = "application/json";
        CallInProgress call = new CallInProgress(record, capture);
        CallInProgress.into(call.request, () -> { }).write(request.getBytes(StandardCharsets.UTF_8));
        call.requestSent();
        record.status = 200;
        record.responseContentType = "application/json";
        CallInProgress.into(call.response, () -> { }).write(response.getBytes(StandardCharsets.UTF_8));
        call.finish(null);
    }
}
