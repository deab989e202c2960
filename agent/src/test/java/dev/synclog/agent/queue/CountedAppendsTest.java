package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import dev.synclog.events.CallRows;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunStarted;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountedAppendsTest {

    /**
     * Events go through the appender given (whose per-write thread check is off), not through the queue's appender for
     * the calling thread: another thread appending through it is not refused, and it knows the last index.
     */
    @Test
    void appendsThroughTheAppenderItWasGivenWithItsThreadCheckOff(@TempDir Path dir) throws Exception {
        QueueLayout.initialise(dir);
        try (SingleChronicleQueue queue = QueueLayout.builder(dir).build()) {
            ExcerptAppender appender = queue.createAppender();
            CountedAppends out = new CountedAppends(appender);
            out.runStarted(new RunStarted().runId("r1"));
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    out.rowResult(new RowResult().runId("r1").rowId("42").fields("{\"email\":\"someone@example.com\"}"));
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            other.start();
            other.join();

            assertThat(failed.get()).isNull();
            assertThat(out.appended()).isEqualTo(2);
            // A call counts as its call event and one per row, as drops are counted.
            out.callRows(new CallRows().runId("r1").rows(2, new String[] {"1", "2"}, new String[] {"added", "added"},
                    new String[] {"succeeded", "succeeded"}, new String[2], new String[] {"{}", "{}"}, new int[] {1, 1}));
            assertThat(out.appended()).isEqualTo(5);
            ExcerptTailer tailer = queue.createTailer().toEnd();
            assertThat(appender.lastIndexAppended()).isEqualTo(tailer.index() - 1);
        }
    }
}
