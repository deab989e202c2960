package dev.synclog.events;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories the agent makes for the queue, its journal and its class cache, and the journal's files: created
 * owner-only from the first moment (the permission goes with the creation, so there is no window in which another user can look in), missing
 * parents included, as they would otherwise be the first directories another user could list.
 */
public final class OwnerOnly {
    private static final FileAttribute<?> DIRECTORY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> FILE = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {
    }

    /** Creates {@code dir} and its missing parents owner-only; a directory that exists is left as it is. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, DIRECTORY);
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems keep their own ACLs, inherited from the parent: nothing more to do portably.
            Files.createDirectories(dir);
        }
    }

    /**
     * Opens {@code file} with {@code options}, owner-only if they create it. Throws {@link UnsupportedOperationException}
     * on a file system without POSIX permissions, where such a file could not be kept private.
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        return FileChannel.open(file, Set.of(options), FILE);
    }
}
