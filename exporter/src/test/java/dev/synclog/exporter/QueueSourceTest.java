package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.QueueLayout;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.RowResult;
import dev.synclog.events.SchemaVersion;
import dev.synclog.exporter.load.AgentInfo;
import dev.synclog.exporter.load.ChangelogBatch;
import dev.synclog.exporter.load.ChangelogRow;
import dev.synclog.exporter.load.ReadPositions;
import dev.synclog.exporter.queue.BadQueueException;
import dev.synclog.exporter.queue.QueueSource;
import dev.synclog.exporter.support.TestQueue;

class QueueSourceTest {
    private static final PrintWriter NO_LOG = new PrintWriter(Writer.nullWriter());

    @TempDir
    Path tmp;

    @Test
    void resumesAfterTheCommittedIndexAndCountsWhatIsBehind() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1);
            for (int i = 0; i < 5; i++) {
                q.ok("s", "r", "row" + i, "added", "{}", 2);
            }
            try (QueueSource source = new QueueSource(q.dir, NO_LOG)) {
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
            try (QueueSource source = new QueueSource(q.dir, NO_LOG)) {
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
            try (QueueSource source = new QueueSource(q.dir, NO_LOG)) {
                source.resumeAfter(position(q, ReadPositions.NOTHING_READ));
                assertThatThrownBy(() -> source.readBatch(100, Long.MAX_VALUE))
                        .isInstanceOf(BadQueueException.class)
                        .hasMessageContaining("unknown op type 'merged': use added, changed, removed or upsert");
            }
        }
    }

    /**
     * A queue that an agent of event schema version 1 began (a call event, then a row result each, written by that
     * agent's writer path: the method writer) and one of version 2 went on with (one excerpt per call) reads into the
     * same rows; a call's rows are never split between batches.
     */
    @Test
    void callsOfBothFormsReadIntoTheSameRows() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1);
            q.out.callCompleted(new CallCompleted().syncId("s").runId("r").callId(1).rowsSucceeded(2).rowsFailed(1)
                    .version(1));
            writeRows(q, 1);
            long oldFormEnd = q.lastIndex();
            q.rowsPerCall(3);
            writeRows(q, SchemaVersion.CURRENT);
            long callIndex = q.lastIndex();
            try (QueueSource source = new QueueSource(q.dir, NO_LOG)) {
                source.resumeAfter(position(q, oldFormEnd));
                ChangelogBatch batch = source.readBatch(1, Long.MAX_VALUE);
                assertThat(batch.rows()).extracting(ChangelogRow::queueIndex).containsOnly(callIndex);
                assertThat(batch.rows()).extracting(ChangelogRow::queueRow).containsExactly(0, 1, 2);
                List<String> newForm = lines(batch.rows());

                source.resumeAfter(position(q, ReadPositions.NOTHING_READ));
                List<ChangelogRow> all = source.readBatch(100, Long.MAX_VALUE).rows();
                assertThat(all).hasSize(6);
                assertThat(all.subList(0, 3)).extracting(ChangelogRow::queueRow).containsOnly(0);
                assertThat(lines(all.subList(0, 3))).isEqualTo(newForm)
                        .containsExactly("1 added succeeded null {\"a\":1} #1", "2 upsert failed invalid email {} #1",
                                "1 changed succeeded null null #2");
            }
        }
    }

    private static void writeRows(TestQueue q, int version) {
        for (RowResult row : List.of(
                new RowResult().rowId("1").opType("added").status("succeeded").fields("{\"a\":1}").attempt(1),
                new RowResult().rowId("2").opType("upsert").status("failed").failureReason("invalid email")
                        .fields("{}").attempt(1),
                new RowResult().rowId("1").opType("changed").status("succeeded").attempt(2))) {
            if (version == 1) {
                q.out.rowResult(row.syncId("s").runId("r").callId(1).destination("crm").object("contact").httpStatus(200)
                        .traceId("trace-r").eventTimeMicros(TestQueue.t(2)).version(1));
            } else {
                q.row("s", "r", row.rowId(), row.opType(), row.status(), row.failureReason(), row.fields(),
                        row.attempt(), 2);
            }
        }
    }

    private static List<String> lines(List<ChangelogRow> rows) {
        return rows.stream().map(r -> r.rowId() + " " + r.opType() + " " + r.status() + " " + r.failureReason() + " "
                + r.fields() + " #" + r.attempt()).toList();
    }

    @Test
    void aCallOfANewerEventVersionIsRefusedAsAnExporterOfVersionOneRefusesThisOne() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.rowsPerCall(2).ok("s", "r", "1", "added", "{}", 1).ok("s", "r", "2", "added", "{}", 1);
            q.out.callRows(new CallRows().syncId("s").runId("r").version(SchemaVersion.CURRENT + 1));
            try (QueueSource source = new QueueSource(q.dir, NO_LOG)) {
                source.resumeAfter(position(q, ReadPositions.NOTHING_READ));
                assertThat(source.readBatch(100, Long.MAX_VALUE).rows()).hasSize(2);
                assertThatThrownBy(() -> source.readBatch(100, Long.MAX_VALUE))
                        .isInstanceOf(BadQueueException.class)
                        .hasMessageContaining("event version " + (SchemaVersion.CURRENT + 1) + " is newer than version "
                                + SchemaVersion.CURRENT + " this exporter reads: upgrade the exporter to match the agent");
            }
        }
    }

    @Test
    void aDirectoryWithoutSourceIdIsRefused() {
        assertThatThrownBy(() -> new QueueSource(tmp, NO_LOG))
                .isInstanceOf(QueueLayout.NotASyncQueueException.class)
                .hasMessageContaining(tmp.toString());
    }

    private static ReadPositions.Position position(TestQueue q, long index) {
        return new ReadPositions.Position(q.sourceId, index, AgentInfo.UNKNOWN, 0, null);
    }
}
