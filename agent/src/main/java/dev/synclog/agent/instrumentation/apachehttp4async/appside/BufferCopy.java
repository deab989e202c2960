package dev.synclog.agent.instrumentation.apachehttp4async.appside;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

import dev.synclog.agent.bridge.ByteBufferCopy;

/** Copies what a client's channel-style read or write moved through a buffer, up to a limit, leaving the buffer alone. */
final class BufferCopy {
    private final OutputStream copy;
    private long left;

    /** {@code limit}: bytes copied at most (the cap and one more, so a longer body is known to be cut). */
    BufferCopy(OutputStream copy, long limit) {
        this.copy = copy;
        this.left = limit;
    }

    /** The {@code count} bytes from {@code start} in {@code buffer}; its position and limit are not moved. */
    void copy(ByteBuffer buffer, int start, int count) {
        int n = (int) Math.min(count, left);
        if (n <= 0) {
            return;
        }
        try {
            ByteBufferCopy.write(copy, buffer, start, n);
            left -= n;
        } catch (Throwable ignored) {
            // the copy is ours; the app's bytes went through regardless
        }
    }

    /**
     * The {@code count} bytes at {@code position} in a file the client just wrote them to, read back without moving the
     * channel's position (a channel opened for writing only cannot be read: then nothing is copied).
     */
    void copy(FileChannel file, long position, long count) {
        int n = (int) Math.min(count, left);
        if (n <= 0) {
            return;
        }
        try {
            ByteBuffer bytes = ByteBuffer.allocate(n);
            while (bytes.hasRemaining() && file.read(bytes, position + bytes.position()) > 0) {
                // positional reads until the range is in
            }
            copy.write(bytes.array(), 0, bytes.position());
            left -= bytes.position();
        } catch (Throwable ignored) {
            // the copy is ours; the app's bytes went through regardless
        }
    }

    void close() {
        try {
            copy.close();
        } catch (Throwable ignored) {
            // the copy is ours
        }
    }
}
