package dev.synclog.exporter.queue;

import java.nio.file.Path;

/** The queue holds something this exporter must not guess about. Loading stops; nothing is skipped. */
public final class BadQueueException extends RuntimeException {
    public BadQueueException(Path dir, long index, String problem) {
        super("queue " + dir + " at index " + index + " (0x" + Long.toHexString(index) + "): " + problem);
    }
}
