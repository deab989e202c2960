package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.synclog.agent.telemetry.TelemetrySettings;
import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer hands a call's rows from the journal to the queue as the journal's UTF-8 bytes: read back as the exporter
 * reads them (the queue's method reader), ids, fields and reasons of more than ASCII are exactly the texts the app's
 * destination saw and answered, multi-byte characters, characters outside the Basic Multilingual Plane, quotes and
 * newlines included.
 */
class QueueWriterTest {
    private static final String[] IDS = {"zoë-1", "日本-2", "rocket-😀-3", "plain-4"};
    private static final String NOTE_JSON = "say \\\"hi\\\"\\nthen ü « 😀 » ключ";
    private static final String REASON = "bad \"value\"\nline two: 😀 ü «ключ»";

    @TempDir
    Path dir;

    @Test
    void rowsOfMoreThanAsciiReachTheQueueExactlyAsTheAppSentThem() throws Exception {
        JournalCalls calls = JournalCalls.open(dir, CallJournal.SEGMENT_BYTES);
        QueueWriter writer = new QueueWriter(calls.config, calls.journal, AgentStarted::new, List.of(),
                TelemetrySettings.from(key -> null, Map.of()), callsDeadline -> { });
        writer.start();

        StringBuilder members = new StringBuilder();
        StringBuilder results = new StringBuilder();
        for (String id : IDS) {
            members.append(members.isEmpty() ? "" : ",").append(fieldsOf(id));
            results.append(results.isEmpty() ? "" : ",").append(id.startsWith("plain") ? "{\"ok\":true}"
                    : "{\"ok\":false,\"error\":{\"message\":\"" + REASON.replace("\"", "\\\"").replace("\n", "\\n")
                    + "\"}}");
        }
        calls.send("{\"members\":[" + members + "]}", "{\"results\":[" + results + "]}");
        long exit = System.nanoTime();
        assertThat(writer.stop(exit, exit + QueueWriter.EXIT_CALLS_WAIT_NANOS)).isEmpty();

        List<CallRows> written = readCalls(calls.config.queueDir());
        assertThat(written).hasSize(1);
        CallRows call = written.get(0);
        assertThat(call.rowCount()).isEqualTo(IDS.length);
        assertThat(call.rowsSucceeded()).isEqualTo(1);
        for (int row = 0; row < IDS.length; row++) {
            boolean plain = IDS[row].startsWith("plain");
            assertThat(call.rowId(row)).isEqualTo(IDS[row]);
            assertThat(call.opType(row)).isEqualTo("added");
            assertThat(call.fields(row)).isEqualTo(fieldsOf(IDS[row]));
            assertThat(call.status(row)).isEqualTo(plain ? "succeeded" : "failed");
            // a reason is one line: the response's reading makes its newline a space, before the journal
            assertThat(call.failureReason(row)).isEqualTo(plain ? null : REASON.replace("\n", " "));
            assertThat(call.attempt(row)).isEqualTo(1);
        }
    }

    private static String fieldsOf(String id) {
        return "{\"id\":\"" + id + "\",\"note\":\"" + NOTE_JSON + "\"}";
    }

    private static List<CallRows> readCalls(Path queueDir) throws Exception {
        List<CallRows> calls = new ArrayList<>();
        try (SingleChronicleQueue queue = QueueLayout.openForReading(queueDir)) {
            MethodReader reader = queue.createTailer().methodReader(new SyncEvents() {
                public void agentStarted(AgentStarted e) { }
                public void runStarted(RunStarted e) { }
                public void callRows(CallRows e) { calls.add(e.deepCopy()); }
                public void callCompleted(CallCompleted e) { }
                public void rowResult(RowResult e) { }
                public void runFinished(RunFinished e) { }
                public void eventsDropped(EventsDropped e) { }
            });
            while (reader.readOne()) {
                // all of it
            }
        }
        return calls;
    }
}
