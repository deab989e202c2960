package dev.synclog.events;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * Common to every event: the schema version it was written with and when it happened.
 *
 * <p>The events written per call ({@link CallRows}, and {@link RowResult}, {@link CallCompleted} of schema version 1)
 * marshal themselves field by field instead of through Chronicle's reflective marshaller, at less cost on the agent's
 * writer thread; those of version 1 in the same names, order and encodings, so the bytes are the same (queues written
 * before and after read alike; EventMarshallingTest compares them). A field added to such an event goes into its writeMarshallable and readMarshallable too.
 * The fields here come first, as the reflective marshaller puts a superclass's fields first.
 */
public abstract class SyncEvent<E extends SyncEvent<E>> extends SelfDescribingMarshallable {
    private int version = SchemaVersion.CURRENT;
    /** Microseconds since the epoch. */
    private long eventTimeMicros;

    public int version() {
        return version;
    }

    @SuppressWarnings("unchecked")
    public E version(int version) {
        this.version = version;
        return (E) this;
    }

    public long eventTimeMicros() {
        return eventTimeMicros;
    }

    @SuppressWarnings("unchecked")
    public E eventTimeMicros(long eventTimeMicros) {
        this.eventTimeMicros = eventTimeMicros;
        return (E) this;
    }

    /** Writes this class's fields; an event marshalling itself calls it before its own fields. */
    protected final void writeCommonFields(WireOut wire) {
        wire.write("version").int32(version);
        wire.write("eventTimeMicros").int64(eventTimeMicros);
    }

    /** Writes a text field as {@code wire.write(name).text(value)} does, ASCII text in one block. */
    protected static void writeText(WireOut wire, String name, String value) {
        GatheredValues.text(wire, wire.write(name), value);
    }

    /** Reads this class's fields; a field absent from the event takes its default, as the reflective marshaller does. */
    protected final void readCommonFields(WireIn wire) {
        ValueIn in = wire.read("version");
        version = in.isPresent() ? in.int32() : SchemaVersion.CURRENT;
        eventTimeMicros = readInt64(wire, "eventTimeMicros");
    }

    /** A text field's value; null when the event has no such field. */
    protected static String readText(WireIn wire, String name) {
        ValueIn in = wire.read(name);
        return in.isPresent() ? in.text() : null;
    }

    /** An int field's value; 0 when the event has no such field. */
    protected static int readInt32(WireIn wire, String name) {
        ValueIn in = wire.read(name);
        return in.isPresent() ? in.int32() : 0;
    }

    /** A long field's value; 0 when the event has no such field. */
    protected static long readInt64(WireIn wire, String name) {
        ValueIn in = wire.read(name);
        return in.isPresent() ? in.int64() : 0;
    }
}
