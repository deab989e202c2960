package dev.synclog.agent.rows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of a byte array read as one long, to test all eight at once (SWAR) rather than one a step. Read
 * little-endian on every platform, so that the word's lowest byte is the first in the array and the lowest mark
 * ({@link #first}) is the first byte that matched. A mark of {@link #zeroBytes} or {@link #bytesBelowOrHigh} is
 * exact for the first byte it marks: a borrow only carries into the bytes after it, which may be marked falsely. A
 * byte of 128 or more is a negative {@code byte} in Java: the per-byte loops these replace treat it as below any
 * limit.
 */
final class ByteWords {
    private static final VarHandle LITTLE_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteWords() {
    }

    /** Bytes {@code at} to {@code at + 7}, the first in the lowest eight bits. */
    static long word(byte[] bytes, int at) {
        return (long) LITTLE_ENDIAN.get(bytes, at);
    }

    /** A word of eight bytes {@code b}: XOR with it turns each byte {@code b} of another word into zero. */
    static long repeated(int b) {
        return ONES * (b & 0xff);
    }

    /** The high bit of each zero byte of {@code word} up to the first, exactly (the rest may be marked falsely). */
    static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    /** The high bit of each byte below {@code limit} (at most 128) or of 128 and more, exactly up to the first. */
    static long bytesBelowOrHigh(long word, int limit) {
        return ((word - ONES * limit) | word) & HIGH_BITS;
    }

    /** Where in its word the first marked byte is (0 to 7), for marks that are not 0. */
    static int first(long marks) {
        return Long.numberOfTrailingZeros(marks) >>> 3;
    }
}
