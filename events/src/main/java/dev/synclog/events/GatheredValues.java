package dev.synclog.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.BinaryWire;
import net.openhft.chronicle.wire.BinaryWireCode;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.WireOut;

/**
 * Values (a call's rows) encoded as Chronicle's variable-width binary wire encodes them,
 * gathered in one array and written to the wire's bytes a block at a time: a wire call per value, each with its own
 * bounds and thread checks, was most of what a row cost the agent's writer thread. A value whose encoding is not one
 * of the plain ones here (a text with a character outside the Basic Multilingual Plane, which Chronicle writes as two
 * 3-byte surrogates, not as UTF-8's 4 bytes; a number past 255; any other wire, or bytes that keep a hex dump's
 * description) goes through the wire's own call, after what was gathered before it. {@code GatheredValuesTest}
 * compares the bytes. One per thread, for one sequence or field at a time: {@link #finish} before the next
 * {@link #over}.
 */
final class GatheredValues {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** The value output of the binary wire Chronicle Queue writes with, which writes numbers in as few bytes as fit. */
    private static final Class<?> VARIABLE_WIDTH = BinaryWire.binaryOnly(Bytes.allocateElasticOnHeap(8)).getValueOut()
            .getClass();
    private static final ThreadLocal<GatheredValues> PER_THREAD = ThreadLocal.withInitial(GatheredValues::new);
    /** Written out whenever full: a thread keeps no more than this, whatever the size of the calls it writes. */
    private static final int BLOCK_BYTES = 32 << 10;
    /** A text's length code takes one byte below 32 bytes, else a code and up to 5 stop-bit bytes. */
    private static final int MAX_LENGTH_CODE = 6;

    private final byte[] block = new byte[BLOCK_BYTES];
    private int length;
    private Bytes<?> bytes;
    private ValueOut out;
    private boolean plain;

    private GatheredValues() {
    }

    /** The calling thread's gatherer, over {@code out}, {@code wire}'s; {@link #finish} writes what it gathered. */
    static GatheredValues over(WireOut wire, ValueOut out) {
        GatheredValues values = PER_THREAD.get();
        values.bytes = wire.bytes();
        values.out = out;
        values.plain = out.getClass() == VARIABLE_WIDTH && !values.bytes.retainedHexDumpDescription();
        values.length = 0;
        return values;
    }

    /**
     * Writes one text as {@code out.text(value)} does, {@code out} being {@code wire}'s, straight into the wire's
     * bytes: for a lone value (an event's field) a gatherer costs more than it saves. Chronicle's binary wire writes a
     * text of 32 characters or more a character at a time, through a bounds-checked call per byte; ASCII text is
     * written here in one block, in the same encoding as {@link #lengthCode} gathers.
     */
    static void text(WireOut wire, ValueOut out, String value) {
        Bytes<?> bytes = wire.bytes();
        if (value == null || !(wire instanceof BinaryWire) || bytes.retainedHexDumpDescription()
                || !isAscii(value)) {
            out.text(value);
            return;
        }
        if (value.length() < 0x20) {
            bytes.writeUnsignedByte(BinaryWireCode.STRING_0 + value.length());
        } else {
            bytes.writeUnsignedByte(BinaryWireCode.STRING_ANY);
            bytes.writeStopBit(value.length());
        }
        bytes.append8bit(value);
    }

    /** As {@code out.text(value)}. */
    void text(String value) {
        if (value == null && plain) {
            room(1);
            block[length++] = (byte) BinaryWireCode.NULL;
        } else if (!plain || value.length() > BLOCK_BYTES - MAX_LENGTH_CODE || !isAscii(value)) {
            wire().text(value);
        } else {
            int chars = value.length();
            room(MAX_LENGTH_CODE + chars);
            lengthCode(chars);
            for (int i = 0; i < chars; i++) {
                block[length + i] = (byte) value.charAt(i);
            }
            length += chars;
        }
    }

    /** As {@code out.text} of the text that {@code count} bytes of UTF-8 at {@code offset} of {@code utf8} encode. */
    void utf8(byte[] utf8, int offset, int count) {
        if (!plain || hasFourByteSequence(utf8, offset, count)) {
            wire().text(new String(utf8, offset, count, StandardCharsets.UTF_8));
            return;
        }
        room(MAX_LENGTH_CODE);
        lengthCode(count);
        if (count > BLOCK_BYTES - length) {
            flush();
            bytes.write(utf8, offset, count);
        } else {
            System.arraycopy(utf8, offset, block, length, count);
            length += count;
        }
    }

    /** As {@code out.int32(value)}. */
    void int32(int value) {
        if (plain && value >= 0 && value <= 0xff) {
            room(2);
            block[length++] = (byte) BinaryWireCode.UINT8;
            block[length++] = (byte) value;
        } else {
            wire().int32(value);
        }
    }

    /** Writes what is gathered; the thread's gatherer is free for the next sequence. */
    void finish() {
        flush();
        bytes = null;
        out = null;
    }

    /** The wire, for a value encoded by its own call: what was gathered before it goes first. */
    private ValueOut wire() {
        flush();
        return out;
    }

    private void room(int more) {
        if (more > BLOCK_BYTES - length) {
            flush();
        }
    }

    private void flush() {
        if (length > 0) {
            bytes.write(block, 0, length);
            length = 0;
        }
    }

    /** The binary wire's length code of a text: STRING_0 + length below 32, else STRING_ANY and stop bits. */
    private void lengthCode(int count) {
        if (count < 0x20) {
            block[length++] = (byte) (BinaryWireCode.STRING_0 + count);
            return;
        }
        block[length++] = (byte) BinaryWireCode.STRING_ANY;
        int rest = count;
        while (rest >= 0x80) {
            block[length++] = (byte) (rest & 0x7f | 0x80);
            rest >>>= 7;
        }
        block[length++] = (byte) rest;
    }

    /**
     * A 4-byte sequence is the one UTF-8 lead byte with its top four bits set (bytes from 0xf8 are not UTF-8): eight
     * bytes at a time, a byte's bit 7 and-ed with its bits 6, 5 and 4 shifted up to it (the shifts stay within the byte
     * for bit 7), so other non-ASCII text is scanned as fast as ASCII. No byte-by-byte tail: a text ends with its last
     * eight bytes, overlapping the words before, and a shorter one is the eight bytes that end with it, those before it
     * masked off (most row ids, op types and statuses are shorter than eight bytes).
     */
    private static boolean hasFourByteSequence(byte[] utf8, int offset, int count) {
        int end = offset + count;
        if (count < Long.BYTES) {
            if (end >= Long.BYTES) {
                long endingWithIt = (long) LONGS.get(utf8, end - Long.BYTES);
                return count > 0 && hasLeadOfFour(endingWithIt & -1L << 8 * (Long.BYTES - count));
            }
            for (int i = offset; i < end; i++) {
                if ((utf8[i] & 0xf0) == 0xf0) {
                    return true;
                }
            }
            return false;
        }
        int last = end - Long.BYTES;
        for (int i = offset; i < last; i += Long.BYTES) {
            if (hasLeadOfFour((long) LONGS.get(utf8, i))) {
                return true;
            }
        }
        return hasLeadOfFour((long) LONGS.get(utf8, last));
    }

    /** ASCII, the usual word, is told by its top bits alone. */
    private static boolean hasLeadOfFour(long word) {
        return (word & HIGH_BITS) != 0 && (word & word << 1 & word << 2 & word << 3 & HIGH_BITS) != 0;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
