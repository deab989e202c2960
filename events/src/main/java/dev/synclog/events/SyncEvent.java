package dev.synclog.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.BinaryWire;
import net.openhft.chronicle.wire.BinaryWireCode;
import net.openhft.chronicle.wire.SelfDescribingMarshallable;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.ValueOut;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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

    /**
     * Writes a text field as {@code wire.write(name).text(value)} does. Chronicle's binary wire writes a text of 32
     * characters or more one character at a time, through a bounds-checked call per byte (the writer thread's largest
     * cost); ASCII text, the usual case (ids, JSON fields), is written here in one block in the same encoding: a length
     * code (STRING_0 + length below 32, else STRING_ANY and a stop-bit length), then the bytes.
     */
    protected static void writeText(WireOut wire, String name, String value) {
        writeTextValue(wire, wire.write(name), value);
    }

    /** Writes a text value as {@code out.text(value)} does, {@code out} being {@code wire}'s (a field's, or in a sequence). */
    protected static void writeTextValue(WireOut wire, ValueOut out, String value) {
        Bytes<?> bytes = wire.bytes();
        if (value == null || !(wire instanceof BinaryWire) || bytes.retainedHexDumpDescription() || !isAscii(value)) {
            out.text(value);
            return;
        }
        writeLength(bytes, value.length());
        bytes.append8bit(value);
    }

    /**
     * Writes the text that {@code length} bytes of UTF-8 at {@code offset} of {@code utf8} encode as {@code out.text}
     * does that text, without making it a String: Chronicle's encoding of a text is its UTF-8 bytes, except that it
     * writes a character outside the Basic Multilingual Plane (a 4-byte sequence in UTF-8) as its two UTF-16
     * surrogates of 3 bytes each; text with such characters goes through a String and {@code out.text}.
     */
    static void writeUtf8Value(WireOut wire, ValueOut out, byte[] utf8, int offset, int length) {
        Bytes<?> bytes = wire.bytes();
        if (!(wire instanceof BinaryWire) || bytes.retainedHexDumpDescription()
                || hasFourByteSequence(utf8, offset, length)) {
            out.text(new String(utf8, offset, length, StandardCharsets.UTF_8));
            return;
        }
        writeLength(bytes, length);
        bytes.write(utf8, offset, length);
    }

    /** A text's length code as the binary wire writes it: STRING_0 + length below 32, else STRING_ANY and stop bits. */
    private static void writeLength(Bytes<?> bytes, int length) {
        if (length < 0x20) {
            bytes.writeUnsignedByte(BinaryWireCode.STRING_0 + length);
        } else {
            bytes.writeUnsignedByte(BinaryWireCode.STRING_ANY);
            bytes.writeStopBit(length);
        }
    }

    /** Eight bytes at a time while they are all ASCII, the usual case, then byte by byte. */
    private static boolean hasFourByteSequence(byte[] utf8, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i <= end - Long.BYTES && ((long) LONGS.get(utf8, i) & 0x8080808080808080L) == 0) {
            i += Long.BYTES;
        }
        for (; i < end; i++) {
            if ((utf8[i] & 0xf8) == 0xf0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
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
