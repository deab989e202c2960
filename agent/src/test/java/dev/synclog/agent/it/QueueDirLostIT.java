package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.synclog.agent.it.apps.SendThenWaitApp;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue directory taken away while the app runs, between two rounds of calls: deleted, it is made again as a new
 * queue and the second round is written there; replaced by another queue, that one is not written, and the second
 * round's events are counted as dropped.
 */
class QueueDirLostIT {
    private static final int CALLS = 20;

    @TempDir
    Path work;

    @Test
    void aDeletedQueueDirectoryIsMadeAgainAsANewQueueAndTheRunGoesOnThere() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path dir = sync.queueDir();
            String before;
            AgentProcess.Result result;
            try (AgentProcess.Running app = twoRounds(sync)) {
                awaitRows(sync, app);
                before = QueueLayout.readSourceId(dir);
                deleteRecursively(dir);
                result = secondRound(app);
            }

            assertThat(result.agentLines()).contains("synclog: WARNING: the queue directory " + dir.toAbsolutePath()
                    + " was deleted or replaced while the app runs: events written since it was last seen (a quarter"
                    + " second at most) went with its files; making it again as a new queue: restart the exporter on it"
                    + " (it reads the deleted files until then), and do not delete queue.dir while the app runs",
                    "synclog: recording resumes in " + dir.toAbsolutePath() + " as a new queue");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            RecordedEvents events = sync.recorded();
            String after = QueueLayout.readSourceId(dir);
            assertThat(after).as("a new source for the exporter").isNotEqualTo(before);
            assertThat(events.agents).singleElement().satisfies(a -> assertThat(a.sourceId()).isEqualTo(after));
            // The run goes on: the second round's rows, each the second attempt of its row.
            assertThat(events.rows).extracting(RowResult::rowId).containsExactlyInAnyOrderElementsOf(AudienceSync.rowIdsOf(CALLS));
            assertThat(events.rows).allSatisfy(row -> {
                assertThat(row.attempt()).isEqualTo(2);
                assertThat(row.status()).isEqualTo("succeeded");
            });
            assertThat(events.dropped).isEmpty();
            assertThat(events.runsFinished).singleElement().satisfies(run -> assertThat(run.eventsDropped()).isZero());
            try (Stream<Path> journal = Files.list(dir.resolve(QueueLayout.JOURNAL_DIR))) {
                assertThat(journal).as("the journal, started again in the new directory, deleted at exit").isEmpty();
            }
        }
    }

    @Test
    void aQueueDirectoryReplacedByAnotherQueueIsNotWrittenAndWhatIsNotWrittenIsCounted() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path dir = sync.queueDir();
            Path moved = work.resolve("moved-away");
            String other;
            AgentProcess.Result result;
            try (AgentProcess.Running app = twoRounds(sync)) {
                awaitRows(sync, app);
                Files.move(dir, moved);
                other = QueueLayout.initialise(dir);
                result = secondRound(app);
            }

            assertThat(result.agentLines()).contains("synclog: WARNING: the queue directory " + dir.toAbsolutePath()
                    + " was deleted or replaced while the app runs: events written since it was last seen (a quarter"
                    + " second at most) went with its files; it now holds other files, so events are dropped and"
                    + " counted until the app restarts; restart the app once queue.dir is the queue it should write");
            // Each call of the second round is its event and two rows; the run's end is one more.
            assertThat(result.agentLines()).anyMatch(line -> line.startsWith("synclog: WARNING: " + (CALLS * 3 + 1)
                    + " events of run ") && line.endsWith(" were dropped"));
            assertThat(QueueLayout.readSourceId(dir)).isEqualTo(other);
            assertThat(RecordedEvents.read(dir).all).as("the other queue, untouched").isEmpty();
            assertThat(RecordedEvents.read(moved).rows).as("the first round, in the queue moved away")
                    .extracting(RowResult::attempt).hasSize(2 * CALLS).containsOnly(1);
        }
    }

    private AgentProcess.Running twoRounds(AudienceSync sync) throws IOException {
        List<String> args = new ArrayList<>(List.of(work.resolve("go").toString()));
        args.addAll(List.of(sync.sendArgs("jdk", sync.writeBody(AudienceSync.TWO_MEMBERS), CALLS, 2)));
        return AgentProcess.withConfig(sync.writeConfig("", "")).jvmOption("-Dsend.again=true")
                .start(work, SendThenWaitApp.class, args.toArray(String[]::new));
    }

    /** Until the first round is in the queue (60 s at most). */
    private static void awaitRows(AudienceSync sync, AgentProcess.Running app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (app.isAlive() && System.nanoTime() < deadline
                && !(Files.exists(sync.queueDir().resolve(QueueLayout.SOURCE_ID_FILE)) && sync.recorded().rows.size() == 2 * CALLS)) {
            Thread.sleep(50);
        }
        assertThat(app.isAlive()).as("the app waits after its first round").isTrue();
        assertThat(sync.recorded().rows).as("the first round, written").hasSize(2 * CALLS);
    }

    /**
     * The writer looks at the directory at most every 250 ms, when it writes: a second after the first round's last
     * write, the second round's first write looks again, before it writes.
     */
    private AgentProcess.Result secondRound(AgentProcess.Running app) throws Exception {
        Thread.sleep(1000);
        Files.createFile(work.resolve("go"));
        return app.await().assertOk();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
