package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.synclog.agent.it.apps.ExitAtOnceApp;
import dev.synclog.events.RunFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue opens after the first call or at exit, and Chronicle loads with it, not at premain. An app that exits at
 * once has its queue opened, and Chronicle loaded, inside the JVM's exit: Chronicle's own shutdown hook would fail to
 * register then ("Shutdown in progress") and leave no queue, so the agent keeps it off and its own hook writes.
 */
class ExitIT {
    @TempDir
    Path work;

    @Test
    void anAppThatExitsAtOnceHasItsRunWrittenAndItsJournalDeleted() throws Exception {
        Path queue = work.resolve("queue");
        Path config = Files.writeString(work.resolve("synclog.yaml"), """
                sync: {sync_id: contacts, destination: crm}
                queue: {dir: %s}
                endpoints:
                  - name: batch
                    match: {host: 127.0.0.1, method: POST, path: /batch}
                    request: {rows: /rows, row_id: /id, op: upsert}
                    response: {outcome: http_status}
                """.formatted(queue));

        AgentProcess.Result result = AgentProcess.withConfig(config).run(work, ExitAtOnceApp.class).assertOk();

        assertThat(result.agentLines()).noneMatch(line -> line.contains("internal error") || line.contains("WARNING"));
        RecordedEvents events = RecordedEvents.read(queue);
        assertThat(events.agents).hasSize(1);
        assertThat(events.runsStarted).hasSize(1);
        assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded");
        try (Stream<Path> left = Files.list(queue.resolve("journal"))) {
            assertThat(left).as("the journal, drained and deleted at exit").isEmpty();
        }
    }
}
