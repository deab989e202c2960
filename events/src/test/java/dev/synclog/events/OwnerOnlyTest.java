package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

    @TempDir
    Path tmp;

    @Test
    void aQueueDirectoryAndTheParentsItNeedsAreCreatedOwnerOnly() throws IOException {
        Path parent = tmp.resolve("service");
        Path dir = parent.resolve("synclog").resolve("queue");

        QueueLayout.initialise(dir);

        assertThat(permissions(parent)).isEqualTo("rwx------");
        assertThat(permissions(dir.getParent())).isEqualTo("rwx------");
        assertThat(permissions(dir)).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryIsLeftAsItIs() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

        OwnerOnly.createDirectories(dir);
        OwnerOnly.createDirectories(dir.resolve("journal"));

        assertThat(permissions(dir)).isEqualTo("rwxr-x---");
        assertThat(permissions(dir.resolve("journal"))).isEqualTo("rwx------");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
