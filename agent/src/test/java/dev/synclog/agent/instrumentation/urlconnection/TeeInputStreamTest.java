package dev.synclog.agent.instrumentation.urlconnection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.queue.CallJournal;
import dev.synclog.agent.runs.RunTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the app reads of a response, however it reads it, is what the agent copies. */
class TeeInputStreamTest {
    private static final byte[] BODY = "   {\"results\":[{\"ok\":true},{\"ok\":false}]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void bytesTheAppSkipsAreCopiedToo() throws Exception {
        AgentConfig config = AgentConfig.parse("""
                sync: {sync_id: audience}
                queue: {dir: "%s", min_free_disk: 1MiB}
                endpoints:
                  - name: audience-add
                    match: {host: 127.0.0.1, method: POST, path: "/v1/members"}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok}
                """.formatted(dir.resolve("queue")), "test.yaml", Map.of(), new Properties());
        CallJournal journal = CallJournal.open(config.queueDir(), config.minFreeDiskBytes(), 100, 1 << 20);
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        runs.startProcessRun();
        CallCapture capture = new CallCapture(config, runs, journal);
        CallRecord record = capture.start("HttpURLConnection", "POST", URI.create("http://127.0.0.1:1/v1/members"), null);
        UrlConnectionCall call = new UrlConnectionCall(record, capture);

        byte[] seenByApp;
        try (InputStream in = new TeeInputStream(new ByteArrayInputStream(BODY), call)) {
            assertThat(in.skip(3)).isEqualTo(3);
            seenByApp = in.readAllBytes();
        }

        assertThat(seenByApp).isEqualTo(Arrays.copyOfRange(BODY, 3, BODY.length));
        assertThat(Arrays.copyOf(call.response.bytes(), call.response.length())).as("the copy holds the skipped bytes as well").isEqualTo(BODY);
    }
}
