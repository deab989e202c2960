package dev.synclog.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import dev.synclog.agent.bridge.CopyingOutputStream;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.queue.CallJournal;
import dev.synclog.agent.runs.RunTracker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request body streamed through the copy as the clients do (copy first, then the client's stream): the rows are
 * journaled before the client's stream gets the bytes that complete the declared body, or before it is closed.
 */
class RequestStreamTest {
    private static final byte[] FIRST = "{\"members\":[{\"id\":\"p1\"},".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAST = "{\"id\":\"p2\"}]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private CallCapture capture;

    @BeforeEach
    void start() throws Exception {
        AgentConfig config = AgentConfig.parse("""
                sync: {sync_id: audience}
                queue: {dir: "%s", min_free_disk: 1MiB}
                endpoints:
                  - name: members
                    match: {host: 127.0.0.1, method: POST, path: /v1/members}
                    request: {rows: /members, row_id: /id, op: added}
                """.formatted(dir.resolve("queue")), "test.yaml", Map.of(), new Properties());
        CallJournal journal = CallJournal.open(config.queueDir(), config.minFreeDiskBytes(), 100, 1 << 20);
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        runs.startProcessRun();
        capture = new CallCapture(config, runs, journal);
    }

    @Test
    void aDeclaredLengthJournalsTheRowsBeforeTheClientGetsTheLastBytes() throws Exception {
        CallInProgress call = call();
        JournaledAtEachWrite client = new JournaledAtEachWrite(call.record);
        OutputStream app = new CopyingOutputStream(client, call.requestStream(FIRST.length + LAST.length, () -> { }));

        app.write(FIRST);
        app.write(LAST);

        assertThat(client.journaled).containsExactly(false, true);
        assertThat(IntStream.range(0, call.record.requestRows.size()).mapToObj(call.record.requestRows::id)).containsExactly("p1", "p2");
    }

    @Test
    void withoutOneTheRowsAreJournaledWhenTheStreamIsClosedBeforeTheClientsStream() throws Exception {
        CallInProgress call = call();
        JournaledAtEachWrite client = new JournaledAtEachWrite(call.record);
        OutputStream app = new CopyingOutputStream(client, call.requestStream(-1, () -> { }));

        app.write(FIRST);
        app.write(LAST);
        app.close();

        assertThat(client.journaled).containsExactly(false, false, true);
        assertThat(IntStream.range(0, call.record.requestRows.size()).mapToObj(call.record.requestRows::id)).containsExactly("p1", "p2");
    }

    private CallInProgress call() {
        CallRecord record = capture.start("okhttp", "POST", URI.create("http://127.0.0.1:9/v1/members"), null);
        record.requestContentType = "application/json";
        return new CallInProgress(record, capture);
    }

    /** The client's stream: notes, at each write and at close, whether the call's rows were journaled by then. */
    private static final class JournaledAtEachWrite extends ByteArrayOutputStream {
        final List<Boolean> journaled = new ArrayList<>();
        private final CallRecord record;

        JournaledAtEachWrite(CallRecord record) {
            this.record = record;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            journaled.add(record.journalKey != 0);
            super.write(b, off, len);
        }

        @Override
        public void close() {
            journaled.add(record.journalKey != 0);
        }
    }
}
