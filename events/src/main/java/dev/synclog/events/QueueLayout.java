package dev.synclog.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * What makes a directory a synclog queue, agreed by the agent and the exporter: a {@value #SOURCE_ID_FILE}
 * file naming the source, and Chronicle cycle files rolled hourly.
 */
public final class QueueLayout {
    /** Holds the source id: one line, created with the directory, kept across agent restarts. */
    public static final String SOURCE_ID_FILE = "synclog-source-id";
    /** The agent's journal of calls not yet written as events; it may exist before the source id file does. */
    public static final String JOURNAL_DIR = "journal";
    public static final RollCycles ROLL_CYCLE = RollCycles.FAST_HOURLY;

    private QueueLayout() {
    }

    /**
     * Creates the directory owner-only if needed (an existing one is made owner-only) and returns its source id,
     * creating one on first use.
     */
    public static String initialise(Path dir) throws IOException {
        OwnerOnly.createDirectories(dir);
        ownerOnly(dir, "rwx------");
        Path idFile = dir.resolve(SOURCE_ID_FILE);
        if (!Files.exists(idFile)) {
            String id = UUID.randomUUID().toString();
            Path tmp = Files.createTempFile(dir, SOURCE_ID_FILE, ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, idFile);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
            }
            ownerOnly(idFile, "rw-------");
        }
        return readSourceId(dir);
    }

    /**
     * @throws NotASyncQueueException when {@code dir} holds no source id file
     */
    public static String readSourceId(Path dir) throws IOException {
        Path idFile = dir.resolve(SOURCE_ID_FILE);
        if (!Files.isRegularFile(idFile)) {
            throw new NotASyncQueueException(dir);
        }
        String id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
        if (id.isEmpty()) {
            throw new NotASyncQueueException(dir);
        }
        return id;
    }

    public static SingleChronicleQueueBuilder builder(Path dir) {
        return SingleChronicleQueueBuilder.binary(dir.toFile()).rollCycle(ROLL_CYCLE);
    }

    public static SingleChronicleQueue openForReading(Path dir) throws IOException {
        readSourceId(dir);
        return builder(dir).readOnly(false).build();
    }

    private static void ownerOnly(Path path, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their own ACLs; nothing more we can do portably.
        }
    }

    /** The directory is not a synclog queue (no source id file), or there is no directory there at all. */
    public static final class NotASyncQueueException extends IOException {
        public NotASyncQueueException(Path dir) {
            super(whatIsThere(dir) + " Point --queue at the directory set as queue.dir in the agent's configuration.");
        }

        private static String whatIsThere(Path dir) {
            if (!Files.exists(dir)) {
                return dir + " does not exist: no agent has made its queue there (an agent creates its queue.dir at its"
                        + " start, and again at its next event if it was deleted).";
            }
            if (!Files.isDirectory(dir)) {
                return dir + " is a file, not a queue directory.";
            }
            return dir + " is not a synclog queue: it has no " + SOURCE_ID_FILE + " file.";
        }
    }
}
