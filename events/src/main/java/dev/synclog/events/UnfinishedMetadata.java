package dev.synclog.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The queue's metadata file ({@value #FILE}) as a process killed while creating it leaves it. Chronicle writes that
 * file's header while holding an exclusive lock on the file, with the header's length word marked "being written"
 * until the header is complete. A kill in between (a cold JVM spends most of a second there, loading classes) leaves
 * the mark for good: every later open waits for the header, then fails, so an agent would drop every event and the
 * exporter would refuse the queue. Under the same lock, the mark can only be a dead process's, and the file holds
 * nothing yet (its entries follow the header; the exporter's read position lives in the warehouse): it is emptied,
 * and Chronicle writes it anew at the open that follows.
 */
public final class UnfinishedMetadata {
    public static final String FILE = "metadata.cq4t";
    /**
     * The length word Chronicle claims a file's header with ("not complete", length unknown; little-endian), until it
     * writes the header's length over it. Damage that happens to set the same bit is not taken for it.
     */
    private static final int HEADER_BEING_WRITTEN = 0x8000_0000;
    /** Chronicle holds the lock only while it opens the queue: a cold open takes about a second. */
    private static final long LOCK_WAIT_MILLIS = 10_000;

    private UnfinishedMetadata() {
    }

    /**
     * Empties {@code dir}'s metadata file when a dead process left its header unfinished. Called before the queue is
     * opened, by a process that does not have it open yet.
     *
     * @return whether the file was emptied
     */
    public static boolean emptyIfAbandoned(Path dir) throws IOException {
        return emptyIfAbandoned(dir, LOCK_WAIT_MILLIS);
    }

    static boolean emptyIfAbandoned(Path dir, long lockWaitMillis) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = lock(channel, lockWaitMillis)) {
            // Still held by a live process opening the queue: its open will tell.
            if (lock == null || !headerBeingWritten(firstWord(channel))) {
                return false;
            }
            channel.truncate(0);
            return true;
        }
    }

    /** What the agent and the exporter say once they have emptied the file, each with its own prefix. */
    public static String emptied(Path dir) {
        return "emptied " + dir.toAbsolutePath().resolve(FILE) + ": a process was killed while creating it, leaving its"
                + " header unfinished; Chronicle writes it again";
    }

    /** Whether a Chronicle file's first word (read little-endian) says its header is being written. */
    public static boolean headerBeingWritten(int firstWord) {
        return firstWord == HEADER_BEING_WRITTEN;
    }

    private static int firstWord(FileChannel channel) throws IOException {
        ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(word, 0);
        // A file shorter than a word has no header begun: nothing to empty.
        return word.hasRemaining() ? 0 : word.getInt(0);
    }

    private static FileLock lock(FileChannel channel, long waitMillis) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException heldInThisJvm) {
                // another thread here is opening the queue: wait for it as for another process
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
