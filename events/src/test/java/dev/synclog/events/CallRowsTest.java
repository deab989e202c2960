package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call and its rows in one excerpt: written through the shipped method writer, read back field for field. */
class CallRowsTest {
    private static final String NON_ASCII = "Zoë 🚀 – naïve";

    @TempDir
    Path tmp;

    static CallRows sample() {
        // Arrays longer than the rows, as the agent's reused attempt numbers are: only the first three are the call's.
        return new CallRows().syncId("crm").runId("20261126T020000.000001Z-abc123").callId(1L << 40).endpoint("upsert")
                .destination("crm").object("contacts").httpMethod("POST").url("http://127.0.0.1:8080/v1/contacts")
                .httpStatus(207).latencyMicros(1234).rowsSucceeded(2).rowsFailed(1).error(null)
                .traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").firstRow(0)
                .eventTimeMicros(1_764_000_000_000_000L)
                .rows(3, new String[] {"42", "a".repeat(40), NON_ASCII, "unused"},
                        new String[] {"upsert", "added", "removed", "x"},
                        new String[] {"succeeded", "succeeded", "failed", "x"},
                        new String[] {null, "", NON_ASCII, "x"},
                        new String[] {"{\"email\":\"someone@example.com\"}", null, "{\"n\":\"" + NON_ASCII + "\"}", "x"},
                        new int[] {1, 2, Integer.MAX_VALUE, 9, 9});
    }

    @Test
    void aCallWithItsRowsReadsBackThroughTheQueue() throws Exception {
        Path dir = tmp.resolve("q");
        QueueLayout.initialise(dir);
        CallRows empty = new CallRows().syncId("crm").runId("r").callId(7).error("body over the cap")
                .rows(0, new String[0], new String[0], new String[0], new String[0], new String[0], new int[0]);
        try (SingleChronicleQueue q = QueueLayout.builder(dir).build()) {
            SyncEvents out = q.createAppender().methodWriter(SyncEvents.class);
            out.callRows(sample());
            out.callRows(empty);
        }
        List<CallRows> read = new ArrayList<>();
        try (SingleChronicleQueue q = QueueLayout.openForReading(dir)) {
            MethodReader reader = q.createTailer().methodReader(new SyncEvents() {
                public void agentStarted(AgentStarted e) { }
                public void runStarted(RunStarted e) { }
                public void callRows(CallRows e) { read.add(e.deepCopy()); }
                public void callCompleted(CallCompleted e) { }
                public void rowResult(RowResult e) { }
                public void runFinished(RunFinished e) { }
                public void eventsDropped(EventsDropped e) { }
            });
            while (reader.readOne()) {
                // read all
            }
        }
        assertThat(read).hasSize(2);
        assertSameCall(read.get(0), sample());
        assertSameCall(read.get(1), empty);
        assertThat(read.get(0).version()).isEqualTo(SchemaVersion.CURRENT).isGreaterThan(1);
    }

    @Test
    void theCallIsTheOldFormsCallCompletedAndRowResults() {
        CallRows call = sample();
        assertThat(call.asCallCompleted()).isEqualTo(new CallCompleted().syncId("crm")
                .runId("20261126T020000.000001Z-abc123").callId(1L << 40).endpoint("upsert").destination("crm")
                .object("contacts").httpMethod("POST").url("http://127.0.0.1:8080/v1/contacts").httpStatus(207)
                .latencyMicros(1234).rowsSucceeded(2).rowsFailed(1).traceId("0af7651916cd43dd8448eb211c80319c")
                .spanId("b7ad6b7169203331").eventTimeMicros(1_764_000_000_000_000L));
        assertThat(call.asRowResult(2)).isEqualTo(new RowResult().syncId("crm").runId("20261126T020000.000001Z-abc123")
                .callId(1L << 40).rowId(NON_ASCII).opType("removed").status("failed").failureReason(NON_ASCII)
                .fields("{\"n\":\"" + NON_ASCII + "\"}").destination("crm").object("contacts").httpStatus(207)
                .attempt(Integer.MAX_VALUE).traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331")
                .eventTimeMicros(1_764_000_000_000_000L));
        assertThatThrownBy(() -> call.rowId(3)).hasMessageContaining("row 3 of a call with 3 rows");
    }

    @Test
    void rowsMissingFromTheSequenceAreAnErrorNamingTheCall() {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap());
        sample().writeMarshallable(wire);
        Wire claimsMore = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap());
        sample().rows(2, new String[] {"1", "2"}, new String[] {"added", "added"}, new String[] {"failed", "failed"},
                new String[] {"r", "r"}, new String[] {"{}", "{}"}, new int[] {1, 1}).writeMarshallable(claimsMore);
        byte[] bytes = claimsMore.bytes().toByteArray();
        // rowCount 2 -> 3: the sequence that follows holds two rows
        int rowCountAt = indexOf(bytes, "rowCount".getBytes()) + "rowCount".length();
        assertThat(bytes[rowCountAt + 1]).isEqualTo((byte) 2);
        bytes[rowCountAt + 1] = 3;

        CallRows read = new CallRows();
        read.readMarshallable(wire);
        assertSameCall(read, sample());
        assertThatThrownBy(() -> new CallRows().readMarshallable(
                WireType.BINARY_LIGHT.apply(Bytes.wrapForRead(bytes))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callRows of call " + (1L << 40) + " holds 2 whole rows, but its rowCount says 3");
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    static void assertSameCall(CallRows actual, CallRows expected) {
        assertThat(actual.asCallCompleted()).isEqualTo(expected.asCallCompleted());
        assertThat(actual.firstRow()).isEqualTo(expected.firstRow());
        assertThat(actual.rowCount()).isEqualTo(expected.rowCount());
        for (int i = 0; i < expected.rowCount(); i++) {
            assertThat(actual.asRowResult(i)).isEqualTo(expected.asRowResult(i));
        }
    }
}
