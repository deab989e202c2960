package dev.synclog.exporter.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueDamageTest {
    /** How an agent's new cycle file starts while Chronicle writes its header: its length word claimed, not complete. */
    private static final byte[] HEADER_BEING_WRITTEN = {0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path dir;

    @Test
    void aCycleFileWhoseHeaderIsStillBeingWrittenIsLetBeWhileItIsNew() throws Exception {
        Path cycle = Files.write(dir.resolve("20261126-09F.cq4"), HEADER_BEING_WRITTEN);
        assertThat(QueueDamage.notAQueueFile(dir)).as("an exporter started as the agent opens its queue").isNull();

        Files.setLastModifiedTime(cycle, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(QueueDamage.notAQueueFile(dir)).as("a header never finished").isNotNull()
                .hasMessageContaining(cycle + " was left unfinished by an agent killed while creating it");
    }

    @Test
    void aCycleFileStartingWithSomethingElseIsNamedAtOnce() throws Exception {
        Path cycle = Files.writeString(dir.resolve("20261126-09F.cq4"), "not a queue file at all");
        assertThat(QueueDamage.notAQueueFile(dir)).isNotNull().hasMessageContaining(cycle + " is not a Chronicle Queue file");
    }
}
