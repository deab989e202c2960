package dev.synclog.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a queue directory the agent could never write, before anything is installed: a file, a directory under
 * a file, or one the app's user may not write. Checked at start-up, not while parsing, because it depends on the
 * machine the app runs on, not on the file.
 */
public final class QueueDirCheck {
    private static final String FIX = "set queue.dir (or the variable it reads, e.g. -Dsynclog.queue) to a directory"
            + " the app's user can create and write";

    private QueueDirCheck() {
    }

    public static void check(AgentConfig config) throws ConfigException {
        Path dir = config.queueDir().toAbsolutePath().normalize();
        ConfigPlace place = config.queueDirPlace();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw place.error("'queue.dir' is " + dir + ", which is a file, not a directory", FIX);
            }
            if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
                throw place.error("'queue.dir' is " + dir + ", which the app's user may not write", FIX);
            }
            return;
        }
        Path existing = nearestExisting(dir);
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw place.error("'queue.dir' is " + dir + ", but " + existing + " is a file, not a directory", FIX);
        }
        if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
            throw place.error("'queue.dir' is " + dir + ", which cannot be created: the app's user may not write "
                    + existing, FIX);
        }
    }

    /** The path itself if it exists, else its nearest existing ancestor; null when none exists (relative roots). */
    public static Path nearestExisting(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }
}
