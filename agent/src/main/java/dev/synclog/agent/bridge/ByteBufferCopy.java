package dev.synclog.agent.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Writes a range of a client's buffer into a copy, leaving the buffer's position and limit where they are. */
public final class ByteBufferCopy {
    private ByteBufferCopy() {
    }

    /** The {@code count} bytes from index {@code start} of {@code buffer}; a heap buffer's array is written as it is. */
    public static void write(OutputStream copy, ByteBuffer buffer, int start, int count) throws IOException {
        if (buffer.hasArray()) {
            copy.write(buffer.array(), buffer.arrayOffset() + start, count);
        } else {
            byte[] bytes = new byte[count];
            buffer.get(start, bytes);
            copy.write(bytes);
        }
    }
}
