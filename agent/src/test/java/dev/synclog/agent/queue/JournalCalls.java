package dev.synclog.agent.queue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallInProgress;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.runs.RunTracker;

/**
 * A journal in {@code ROOT/queue} fed the way the HTTP client instrumentation feeds it, one audience call at a time:
 * for the journal's tests and for the app they fork ({@link JournalOnAFullDisk}).
 */
final class JournalCalls {
    static final String SECRET = "hunter2-SECRET-VALUE";
    static final String API_KEY = "sk_live_QUERYKEY";

    final AgentConfig config;
    final CallJournal journal;
    private final CallCapture capture;

    private JournalCalls(AgentConfig config, CallJournal journal) {
        this.config = config;
        this.journal = journal;
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        runs.startProcessRun();
        this.capture = new CallCapture(config, runs, journal);
    }

    static JournalCalls open(Path root, long segmentBytes) throws Exception {
        return open(root, segmentBytes, -1);
    }

    /** With the free-space threshold {@code minFreeDiskBytes} instead of the config's 1 MiB, unless negative. */
    static JournalCalls open(Path root, long segmentBytes, long minFreeDiskBytes) throws Exception {
        AgentConfig config = AgentConfig.parse("""
                sync: {sync_id: audience}
                queue: {dir: "%s", min_free_disk: 1MiB}
                privacy: {exclude: [secret]}
                endpoints:
                  - name: audience-add
                    match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audience}/members:add"}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
                """.formatted(root.resolve("queue")), "test.yaml", Map.of(), new Properties());
        return new JournalCalls(config,
                CallJournal.open(config.queueDir(), minFreeDiskBytes < 0 ? config.minFreeDiskBytes() : minFreeDiskBytes,
                        100, 1 << 20, segmentBytes));
    }

    /** The journal's directory under {@code root}. */
    static Path dir(Path root) {
        return root.resolve("queue").resolve(CallJournal.DIR);
    }

    /** One call as the HTTP client instrumentation drives it: request copied and sent, then the response. */
    void send(String request, String response) throws IOException {
        CallRecord record = capture.start("java-http-client", "POST",
                URI.create("http://127.0.0.1:9/v1/audiences/news/members:add?api_key=" + API_KEY), null);
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
