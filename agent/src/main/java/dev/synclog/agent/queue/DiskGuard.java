package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.config.QueueDirCheck;

/**
 * Chronicle memory-maps its files: a write to a full disk kills the JVM with SIGBUS, and that JVM is the
 * customer's app. Below the free-space threshold events are dropped and counted instead. App threads share the
 * journal's guard: a race only makes two of them look at the disk at once.
 */
final class DiskGuard {
    private static final long CHECK_EVERY_NANOS = 250_000_000L;

    private final Path dir;
    private final long minFreeBytes;
    private FileStore store;
    private volatile long lastCheck;
    private volatile boolean room = true;

    DiskGuard(Path dir, long minFreeBytes) {
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
    }

    boolean hasRoom() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_EVERY_NANOS) {
            return room;
        }
        lastCheck = now;
        boolean before = room;
        room = usableBytes() >= minFreeBytes;
        if (before && !room) {
            AgentLog.warn("free disk under " + dir + " is below " + (minFreeBytes >> 20)
                    + " MiB (queue.min_free_disk): dropping and counting events until space returns");
        } else if (!before && room) {
            AgentLog.info("free disk under " + dir + " is back above the threshold: recording resumes");
        }
        return room;
    }

    private long usableBytes() {
        try {
            if (store == null) {
                // The queue directory may not exist yet (or any more): the file system is the one it would be made on.
                store = Files.getFileStore(QueueDirCheck.nearestExisting(dir));
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
