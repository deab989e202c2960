package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Marshallable;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireMarshaller;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;

/**
 * The events that marshal themselves field by field write exactly the bytes Chronicle's reflective marshaller wrote
 * before them, and read what it wrote: queues written by older agents stay readable, and older exporters read new
 * queues.
 */
class EventMarshallingTest {
    private static final String LONG_ASCII = "{\"email\":\"someone@example.com\",\"plan\":\"free\",\"age\":42}";
    private static final String NON_ASCII = "Zoë 🚀 – naïve";

    static List<SyncEvent<?>> samples() {
        return List.of(
                new RowResult().syncId("crm").runId("20261126T020000.000001Z-abc123").callId(1L << 40).rowId("42")
                        .opType("upsert").status("failed").failureReason(NON_ASCII).fields(LONG_ASCII)
                        .destination("crm").object("contacts").httpStatus(207).attempt(3)
                        .traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331")
                        .eventTimeMicros(1_764_000_000_000_000L),
                new RowResult().syncId("").runId("r").callId(-1).rowId(LONG_ASCII + LONG_ASCII).attempt(Integer.MAX_VALUE)
                        .httpStatus(-1),
                new RowResult(),
                // the lengths around the binary wire's short-text code, and the highest ASCII character
                new RowResult().syncId("x").runId("a".repeat(31)).rowId("b".repeat(32)).opType("\u007f")
                        .status("c".repeat(200)).fields("\u0080"),
                new CallCompleted().syncId("audience").runId("r1").callId(7).endpoint("members").destination("ads")
                        .object("audience").httpMethod("POST").url("http://127.0.0.1:8080/v1/audiences/1/members:add")
                        .httpStatus(500).latencyMicros(Long.MAX_VALUE).rowsSucceeded(99).rowsFailed(1)
                        .error("HTTP 500: " + NON_ASCII).traceId("t").spanId("s").eventTimeMicros(5),
                new CallCompleted().version(0));
    }

    @Test
    void writesTheBytesOfTheReflectiveMarshaller() {
        for (SyncEvent<?> event : samples()) {
            assertThat(explicit(event).toHexString()).as("%s", event).isEqualTo(reflective(event).toHexString());
        }
    }

    @Test
    void readsWhatTheReflectiveMarshallerWrote() {
        for (SyncEvent<?> event : samples()) {
            SyncEvent<?> read = newInstance(event);
            read.readMarshallable(WireType.BINARY_LIGHT.apply(reflective(event)));
            assertThat(read).as("%s", event).isEqualTo(event);
            assertThat(read.version()).isEqualTo(event.version());
        }
    }

    @Test
    void fieldsAnOlderWriterDidNotWriteTakeTheirDefaultsAndUnknownOnesAreSkipped() {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap());
        wire.write("eventTimeMicros").int64(9);
        wire.write("aFieldOfAFutureAgent").text("ignored");
        wire.write("rowId").text("42");
        wire.write("attempt").int32(2);
        RowResult reused = (RowResult) samples().get(0);

        reused.readMarshallable(wire);

        assertThat(reused).isEqualTo(new RowResult().rowId("42").attempt(2).eventTimeMicros(9));
        assertThat(reused.version()).isEqualTo(SchemaVersion.CURRENT);
    }

    private static Bytes<?> explicit(SyncEvent<?> event) {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap());
        event.writeMarshallable(wire);
        return wire.bytes();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Bytes<?> reflective(SyncEvent<?> event) {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap());
        ((WireMarshaller) WireMarshaller.of(event.getClass())).writeMarshallable(event, wire);
        return wire.bytes();
    }

    private static SyncEvent<?> newInstance(Marshallable event) {
        try {
            return (SyncEvent<?>) event.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
