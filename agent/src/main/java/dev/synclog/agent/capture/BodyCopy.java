package dev.synclog.agent.capture;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A copy of a body as it streams past, capped: what is beyond the cap is counted, not kept, so a huge body
 * costs the app no more than the cap. Written by one thread at a time (the one streaming the body).
 */
public final class BodyCopy {
    private final int cap;
    private byte[] bytes = new byte[0];
    private int length;
    private long seen;

    public BodyCopy(int cap) {
        this.cap = cap;
    }

    public void append(byte[] b, int off, int len) {
        seen += len;
        int keep = Math.min(len, cap - length);
        if (keep <= 0) {
            return;
        }
        ensure(length + keep);
        System.arraycopy(b, off, bytes, length, keep);
        length += keep;
    }

    public void append(int b) {
        seen++;
        if (length < cap) {
            ensure(length + 1);
            bytes[length++] = (byte) b;
        }
    }

    /**
     * Takes a buffer made for this copy alone, which no one touches after, as the whole body when it is: its array
     * becomes the copy's as it is, rather than copied. False (and nothing taken) otherwise.
     *
     * @param declaredLength the body's length as its sender declared it
     */
    public boolean adopt(ByteBuffer buffer, long declaredLength) {
        int len = buffer.remaining();
        if (seen != 0 || len != declaredLength || len > cap || !buffer.hasArray() || buffer.arrayOffset() != 0
                || buffer.position() != 0 || len != buffer.array().length) {
            return false;
        }
        bytes = buffer.array();
        length = len;
        seen = len;
        return true;
    }

    /** Copies the buffer's remaining bytes without moving its position. */
    public void append(ByteBuffer buffer) {
        int len = buffer.remaining();
        seen += len;
        int keep = Math.min(len, cap - length);
        if (keep <= 0) {
            return;
        }
        ensure(length + keep);
        buffer.duplicate().get(bytes, length, keep);
        length += keep;
    }

    /**
     * The body will be {@code declaredLength} bytes (-1: unknown): room for them (up to the cap) is made at once, not
     * by doubling as they come.
     */
    public void expect(long declaredLength) {
        if (declaredLength > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(cap, declaredLength));
        }
    }

    /** Starts over: the body is being sent again (a redirect or a retry inside the client). */
    public void reset() {
        length = 0;
        seen = 0;
    }

    private void ensure(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(needed, Math.max(256, bytes.length * 2))));
        }
    }

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Bytes appended since the start or the last reset, kept or not. */
    public long seen() {
        return seen;
    }

    public boolean truncated() {
        return seen > length;
    }
}
