package dev.synclog.exporter.queue;

import java.nio.file.Path;

/**
 * The queue holds something this exporter must not guess about. Loading stops; nothing is skipped. The message is
 * one line: the directory (and index, or file), what is wrong, what to do.
 */
public final class BadQueueException extends RuntimeException {
    public BadQueueException(Path dir, long index, String problem) {
        super("queue " + dir + " at index " + index + " (0x" + Long.toHexString(index) + "): " + problem);
    }

    public BadQueueException(Path dir, String problem) {
        super("queue " + dir + ": " + problem);
    }
}
