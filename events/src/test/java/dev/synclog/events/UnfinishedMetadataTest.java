package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metadata file as a process killed while creating it leaves it: its first length word still marked "being written"
 * (0x80000000, as found after killing an exporter 0.9 s into its start), the header's bytes after it. Chronicle alone
 * waits for that header, then fails to open the queue (in about 10 s).
 */
class UnfinishedMetadataTest {
    @TempDir
    Path tmp;

    @Test
    void aHeaderLeftUnfinishedIsEmptiedAndTheQueueOpensWithItsEvents() throws Exception {
        Path dir = queueWithTexts("one", "two");
        markHeaderBeingWritten(dir);
        assertThat(UnfinishedMetadata.emptyIfAbandoned(dir)).isTrue();
        assertThat(Files.size(dir.resolve(UnfinishedMetadata.FILE))).isZero();

        try (SingleChronicleQueue queue = QueueLayout.builder(dir).timeoutMS(300).build()) {
            queue.createAppender().writeText("three");
        }
        assertThat(texts(dir)).containsExactly("one", "two", "three");
    }

    @Test
    void aFinishedHeaderAndAnEmptyFileAreLeftAsTheyAre() throws Exception {
        Path dir = queueWithTexts("one");
        Path metadata = dir.resolve(UnfinishedMetadata.FILE);
        byte[] before = Files.readAllBytes(metadata);
        assertThat(UnfinishedMetadata.emptyIfAbandoned(dir)).isFalse();
        assertThat(Files.readAllBytes(metadata)).isEqualTo(before);

        Files.write(metadata, new byte[0]);
        assertThat(UnfinishedMetadata.emptyIfAbandoned(dir)).isFalse();
        assertThat(UnfinishedMetadata.emptyIfAbandoned(tmp.resolve("no-queue-here"))).isFalse();
        assertThat(texts(dir)).as("Chronicle writes an empty metadata file's header itself").containsExactly("one");
    }

    @Test
    void aHeaderWhoseWriterStillHoldsTheLockIsLeftToIt() throws Exception {
        Path dir = queueWithTexts("one");
        markHeaderBeingWritten(dir);
        Path metadata = dir.resolve(UnfinishedMetadata.FILE);
        byte[] marked = Files.readAllBytes(metadata);
        try (FileChannel writer = FileChannel.open(metadata, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock held = writer.lock()) {
            assertThat(UnfinishedMetadata.emptyIfAbandoned(dir, 200)).isFalse();
        }
        assertThat(Files.readAllBytes(metadata)).isEqualTo(marked);
        assertThat(UnfinishedMetadata.emptyIfAbandoned(dir, 200)).as("once the lock is free").isTrue();
    }

    private Path queueWithTexts(String... texts) throws Exception {
        Path dir = tmp.resolve("queue");
        QueueLayout.initialise(dir);
        try (SingleChronicleQueue queue = QueueLayout.builder(dir).build()) {
            for (String text : texts) {
                queue.createAppender().writeText(text);
            }
        }
        return dir;
    }

    private static void markHeaderBeingWritten(Path dir) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(UnfinishedMetadata.FILE).toFile(), "rw")) {
            file.write(new byte[] {0, 0, 0, (byte) 0x80});
        }
    }

    private static List<String> texts(Path dir) {
        List<String> texts = new ArrayList<>();
        try (SingleChronicleQueue queue = QueueLayout.builder(dir).timeoutMS(300).build()) {
            ExcerptTailer tailer = queue.createTailer();
            String text;
            while ((text = tailer.readText()) != null) {
                texts.add(text);
            }
        }
        return texts;
    }
}
