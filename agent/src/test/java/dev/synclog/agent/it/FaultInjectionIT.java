package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A failure inside the agent ({@code -Dsynclog.inject-fault}) on every one of many calls: the app sees exactly what
 * it sees without the agent, and stderr says so once, not once per call.
 */
class FaultInjectionIT {
    private static final int CALLS = 20;
    private static final int THREADS = 4;

    @TempDir
    Path work;

    @ParameterizedTest(name = "fault at {0}, client {1}")
    @CsvSource({"capture, jdk", "capture, urlconn", "interpret, jdk", "interpret, urlconn"})
    void appIsUnaffectedAndTheFailureIsLoggedOnce(String point, String client) throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", ""))
                    .jvmOption("-Dsynclog.inject-fault=" + point), client, body, CALLS, THREADS);

            assertThat(result.exitCode()).as("exit code; stderr:\n" + result.stderr()).isZero();
            assertThat(result.stdout()).as("what the app printed").isEqualTo(sync.stdoutWithoutAgent(client, body, CALLS, THREADS));
            assertThat(result.agentLines()).as("the agent's lines on stderr")
                    .filteredOn(line -> line.startsWith("synclog: internal error in "))
                    .singleElement().satisfies(line -> assertThat(line).contains("-Dsynclog.inject-fault"));
            assertThat(result.agentLines()).as("the agent's other lines: its start only")
                    .filteredOn(line -> !line.startsWith("synclog: internal error in "))
                    .singleElement().satisfies(line -> assertThat(line).startsWith("synclog: agent "));

            RecordedEvents events = sync.recorded();
            if (point.equals("capture")) {
                assertThat(events.rows).as("rows of calls the agent failed to capture").isEmpty();
            }
            // The agent goes on after the fault: the run is still recorded from start to end.
            assertThat(events.runsStarted).hasSize(1);
            assertThat(events.runsFinished).hasSize(1);
        }
    }
}
