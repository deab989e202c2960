package dev.synclog.exporter.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.lang.ref.Reference;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.QueueLayout;

class CycleFileRetentionTest {
    @TempDir
    Path tmp;

    @Test
    void aFileOpenOrMappedByAnyProcessCountsAsHeld() throws Exception {
        Path file = Files.write(tmp.resolve("20240101-00F.cq4"), new byte[4096]);
        assertThat(CycleFileRetention.isOpenAnywhere(file)).isFalse();
        MappedByteBuffer mapping;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            assertThat(CycleFileRetention.isOpenAnywhere(file)).as("open").isTrue();
            mapping = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, 4096);
        }
        // A mapping outlives its channel until GC: a file still mapped must count as held. The fence keeps the
        // mapping reachable during the check; unreferenced, a GC while /proc is scanned unmapped it (seen in full
        // reactor builds, where the JVM's heap is busier).
        assertThat(CycleFileRetention.isOpenAnywhere(file)).as("mapped after the channel closed").isTrue();
        Reference.reachabilityFence(mapping);
    }

    @Test
    void cycleFileNamesMapToChronicleCycles() {
        // FAST_HOURLY: hours since the epoch.
        assertThat(CycleFileRetention.cycleOf(Path.of("19700101-01F.cq4"), QueueLayout.ROLL_CYCLE)).isEqualTo(1);
        assertThat(CycleFileRetention.cycleOf(Path.of("20240101-00F.cq4"), QueueLayout.ROLL_CYCLE)).isEqualTo(473_352);
        assertThat(CycleFileRetention.cycleOf(Path.of("metadata.cq4t"), QueueLayout.ROLL_CYCLE)).isNull();
    }
}
