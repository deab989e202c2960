package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.EventsDropped;
import dev.synclog.events.RunFinished;

/**
 * A queue whose appends fail for a while: never an exception into the app, which runs as without the agent, and every
 * event that did not reach the queue is counted. (A queue directory unusable from the start turns the agent off with
 * one line: BadConfigIT.)
 */
class QueueWriteFailuresIT {
    private static final Pattern DROPPED = Pattern.compile("synclog: WARNING: (\\d+) events of run \\S+ were dropped");
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

    private static long droppedCount(AgentProcess.Result result) {
        Matcher dropped = result.agentLines().stream().map(DROPPED::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no count of dropped events in:\n" + result.stderr()));
        return Long.parseLong(dropped.group(1));
    }
}
