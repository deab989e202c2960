package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.config.QueueDirCheck;
import dev.synclog.events.QueueLayout;

/**
 * Chronicle memory-maps its files: a write to a full disk kills the JVM with SIGBUS, and that JVM is the
 * customer's app. Below the free-space threshold events are dropped and counted instead. App threads share the
 * journal's guard: a race only makes two of them look at the disk at once.
 *
 * <p>The writer's guard also watches, as often, that the queue directory is still the one its queue was opened in:
 * deleted or replaced, Chronicle would go on writing into files nobody can read any more. The directory's file key
 * (device and inode) alone is not enough, as a directory made again may get the inode just freed: its source id
 * file must still hold the queue's id too.
 */
final class DiskGuard {
    private static final long CHECK_EVERY_NANOS = 250_000_000L;

    private final Path dir;
    private final long minFreeBytes;
    private FileStore store;
    private volatile long lastCheck;
    private volatile boolean room = true;
    /** The directory's file key and source id when its queue was opened; null when not watched. Writer only. */
    private Object watchedKey;
    private String watchedSourceId;
    private long lastIdentityCheck;
    private boolean same = true;

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

    /** From now on {@link #sameDirectory} compares with the directory as it is: its queue, {@code sourceId}, was just opened. */
    void watch(String sourceId) {
        watchedSourceId = sourceId;
        watchedKey = fileKey();
        lastIdentityCheck = System.nanoTime();
        same = true;
    }

    /** False once the watched directory is gone, replaced, or holds another source id; true when not watched. */
    boolean sameDirectory() {
        long now = System.nanoTime();
        if (watchedSourceId == null || now - lastIdentityCheck < CHECK_EVERY_NANOS) {
            return same;
        }
        lastIdentityCheck = now;
        try {
            same = Objects.equals(watchedKey, fileKey()) && watchedSourceId.equals(QueueLayout.readSourceId(dir));
        } catch (IOException gone) {
            same = false;
        }
        return same;
    }

    private Object fileKey() {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    private long usableBytes() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (store == null) {
                    // The queue directory may not exist yet (or any more): the file system is the one it would be made on.
                    store = Files.getFileStore(QueueDirCheck.nearestExisting(dir));
                }
                return store.getUsableSpace();
            } catch (IOException e) {
                // The directory the store was found through is gone (a store is read through its path): find it again.
                store = null;
            }
        }
        return 0;
    }
}
