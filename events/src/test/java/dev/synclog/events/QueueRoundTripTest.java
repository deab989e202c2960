package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueRoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void eventsWrittenThroughTheMethodWriterReadBackThroughTheMethodReader() throws Exception {
        Path dir = tmp.resolve("q");
        String sourceId = QueueLayout.initialise(dir);
        assertThat(QueueLayout.initialise(dir)).isEqualTo(sourceId);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");

        RowResult row = new RowResult().syncId("s").runId("r1").rowId("42").opType(OpType.UPSERT.wireName())
                .status(RowStatus.FAILED.wireName()).failureReason("invalid email").fields("{\"a\":1}")
                .attempt(2).httpStatus(207).eventTimeMicros(123L);
        try (SingleChronicleQueue q = QueueLayout.builder(dir).build()) {
            SyncEvents out = q.createAppender().methodWriter(SyncEvents.class);
            out.agentStarted(new AgentStarted().sourceId(sourceId).pid(7));
            out.rowResult(row);
            out.runFinished(new RunFinished().runId("r1").status(RunStatus.SUCCEEDED.wireName()));
        }

        List<Object> read = new ArrayList<>();
        try (SingleChronicleQueue q = QueueLayout.openForReading(dir)) {
            ExcerptTailer tailer = q.createTailer();
            MethodReader reader = tailer.methodReader(new SyncEvents() {
                public void agentStarted(AgentStarted e) { read.add(e.deepCopy()); }
                public void runStarted(RunStarted e) { read.add(e.deepCopy()); }
                public void callRows(CallRows e) { read.add(e.deepCopy()); }
                public void callCompleted(CallCompleted e) { read.add(e.deepCopy()); }
                public void rowResult(RowResult e) { read.add(e.deepCopy()); }
                public void runFinished(RunFinished e) { read.add(e.deepCopy()); }
                public void eventsDropped(EventsDropped e) { read.add(e.deepCopy()); }
            });
            while (reader.readOne()) {
                // read all
            }
        }
        assertThat(read).hasSize(3);
        assertThat(read.get(1)).isEqualTo(row);
        assertThat(((RowResult) read.get(1)).version()).isEqualTo(SchemaVersion.CURRENT);
    }

    @Test
    void theMethodWriterIsTheShippedGeneratedClassSoNothingIsCompiledAtRunTime() throws Exception {
        Path dir = tmp.resolve("w");
        QueueLayout.initialise(dir);
        try (SingleChronicleQueue q = QueueLayout.builder(dir).build()) {
            assertThat(q.createAppender().methodWriter(SyncEvents.class)).isInstanceOf(SyncEventsBinarylightMethodWriter.class);
        }
    }

    @Test
    void aDirectoryWithoutSourceIdIsNotAQueue() {
        assertThatThrownBy(() -> QueueLayout.readSourceId(tmp))
                .isInstanceOf(QueueLayout.NotASyncQueueException.class)
                .hasMessageContaining(tmp.toString());
    }
}
