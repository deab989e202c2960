package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.EventsDropped;
import dev.synclog.events.RunFinished;
import dev.synclog.events.UnfinishedMetadata;

/**
 * A queue whose appends fail for a while: never an exception into the app, which runs as without the agent, and every
 * event that did not reach the queue is counted. A metadata file a killed process left unfinished, which Chronicle alone
 * cannot open, is emptied and written again. (A queue directory unusable from the start turns the agent off with one
 * line: BadConfigIT.)
 */
class QueueWriteFailuresIT {
    private static final int CALLS = 20;
    /** A run start, each call and its two rows, a run end. */
    private static final int EVENTS = 1 + CALLS * (1 + 2) + 1;

    @TempDir
    Path work;

    @Test
    void appendsFailingForAWhileLoseOnlyCountedEventsAndRecordingResumes() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", ""))
                    .jvmOption("-Dsynclog.inject-fault=append"), "jdk", body, CALLS, 1).assertOk();

            assertThat(result.stdout()).as("what the app printed").isEqualTo(sync.stdoutWithoutAgent("jdk", body, CALLS, 1));
            assertThat(result.agentLines()).as("the agent's lines on stderr")
                    .filteredOn(line -> line.contains("cannot write to the queue in " + sync.queueDir()))
                    .singleElement().satisfies(line -> assertThat(line).contains("appends 11 to 15 fail")
                            .contains("events are dropped and counted while writes fail"));
            assertThat(result.agentLines()).noneSatisfy(line -> assertThat(line).contains("internal error"));

            RecordedEvents events = sync.recorded();
            RunFinished end = events.runsFinished.stream().reduce((a, b) -> b).orElseThrow(() ->
                    new AssertionError("the run's end was not written after appends recovered:\n" + result.stderr()));
            int recorded = events.runsStarted.size() + events.calls.size() + events.rows.size() + events.runsFinished.size();
            assertThat(end.eventsDropped()).as("dropped events").isPositive();
            assertThat(recorded + end.eventsDropped()).as("events recorded plus events dropped").isEqualTo(EVENTS);
            assertThat(events.dropped.stream().mapToLong(EventsDropped::count).sum())
                    .as("drops reported along the way, each once").isEqualTo(end.eventsDropped());
            assertThat(events.rows).as("rows recorded before and after the failures")
                    .anySatisfy(row -> assertThat(row.rowId()).isEqualTo("m0-a"))
                    .anySatisfy(row -> assertThat(row.rowId()).isEqualTo("m" + (CALLS - 1) + "-b"));
        }
    }

    @Test
    void aMetadataFileAKilledProcessLeftUnfinishedIsEmptiedAndEveryEventIsWritten() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            sync.send(AgentProcess.withConfig(sync.writeConfig("", "")), "jdk", body, CALLS, 1).assertOk();
            Path metadata = sync.queueDir().resolve(UnfinishedMetadata.FILE);
            // As an exporter killed 0.9 s into its start leaves it: the header's length word still marked unfinished.
            try (RandomAccessFile file = new RandomAccessFile(metadata.toFile(), "rw")) {
                file.write(new byte[] {0, 0, 0, (byte) 0x80});
            }

            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", "")), "jdk", body, CALLS, 1)
                    .assertOk();

            assertThat(result.agentLines()).contains("synclog: emptied " + metadata.toAbsolutePath() + ": a process was"
                    + " killed while creating it, leaving its header unfinished; Chronicle writes it again");
            RecordedEvents events = sync.recorded();
            assertThat(events.agents).as("both agents' starts").hasSize(2);
            assertThat(events.rows).as("both runs' rows").hasSize(2 * 2 * CALLS);
            assertThat(events.dropped).isEmpty();
            assertThat(events.runsFinished).hasSize(2).allSatisfy(run -> assertThat(run.eventsDropped()).isZero());
        }
    }
}
