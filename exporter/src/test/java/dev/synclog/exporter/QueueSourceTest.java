package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.exporter.load.AgentInfo;
import dev.synclog.exporter.load.ChangelogBatch;
import dev.synclog.exporter.load.ReadPositions;
import dev.synclog.exporter.queue.BadQueueException;
import dev.synclog.exporter.queue.QueueSource;
import dev.synclog.exporter.support.TestQueue;

class QueueSourceTest {
    @TempDir
    Path tmp;

    @Test
    void resumesAfterTheCommittedIndexAndCountsWhatIsBehind() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1);
            for (int i = 0; i < 5; i++) {
                q.ok("s", "r", "row" + i, "added", "{}", 2);
            }
            try (QueueSource source = new QueueSource(q.dir)) {
                assertThat(source.eventsAfter(ReadPositions.NOTHING_READ)).isEqualTo(7);
                source.resumeAfter(position(q, ReadPositions.NOTHING_READ));
                ChangelogBatch first = source.readBatch(2, Long.MAX_VALUE);
                assertThat(first.rows()).extracting(r -> r.rowId()).containsExactly("row0", "row1");
                assertThat(source.eventsAfter(first.lastIndex())).isEqualTo(3);
                assertThat(source.eventsAfter(q.lastIndex())).isZero();

                source.resumeAfter(position(q, first.lastIndex()));
                ChangelogBatch rest = source.readBatch(100, Long.MAX_VALUE);
                assertThat(rest.previousIndex()).isEqualTo(first.lastIndex());
                assertThat(rest.rows()).extracting(r -> r.rowId()).containsExactly("row2", "row3", "row4");
                assertThat(rest.lastIndex()).isEqualTo(q.lastIndex());
            }
        }
    }

    @Test
    void aNewerEventVersionStopsWithDirectoryIndexAndVersion() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            long before = q.agent(1, 0).lastIndex();
            q.out.rowResult(new RowResult().syncId("s").runId("r").rowId("1").opType("added").status("succeeded")
                    .version(99));
            long badIndex = q.lastIndex();
            try (QueueSource source = new QueueSource(q.dir)) {
                source.resumeAfter(position(q, ReadPositions.NOTHING_READ));
                assertThat(source.readBatch(100, Long.MAX_VALUE).lastIndex()).as("the events before it, to be loaded")
                        .isEqualTo(before);
                assertThatThrownBy(() -> source.readBatch(100, Long.MAX_VALUE))
                        .isInstanceOf(BadQueueException.class)
                        .hasMessageContaining(q.dir.toString())
                        .hasMessageContaining("index " + badIndex)
                        .hasMessageContaining("event version 99");
            }
        }
    }

    @Test
    void anUnknownOpTypeNamesTheValueAndTheFix() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.out.rowResult(new RowResult().syncId("s").runId("r").rowId("1").opType("merged").status("succeeded"));
            try (QueueSource source = new QueueSource(q.dir)) {
                source.resumeAfter(position(q, ReadPositions.NOTHING_READ));
                assertThatThrownBy(() -> source.readBatch(100, Long.MAX_VALUE))
                        .isInstanceOf(BadQueueException.class)
                        .hasMessageContaining("unknown op type 'merged': use added, changed, removed or upsert");
            }
        }
    }

    @Test
    void aDirectoryWithoutSourceIdIsRefused() {
        assertThatThrownBy(() -> new QueueSource(tmp))
                .isInstanceOf(QueueLayout.NotASyncQueueException.class)
                .hasMessageContaining(tmp.toString());
    }

    private static ReadPositions.Position position(TestQueue q, long index) {
        return new ReadPositions.Position(q.sourceId, index, AgentInfo.UNKNOWN, 0, null);
    }
}
