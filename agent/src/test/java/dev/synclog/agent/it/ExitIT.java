package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.CallsInFlightAtExitApp;
import dev.synclog.agent.it.apps.ExitAtOnceApp;
import dev.synclog.agent.it.apps.sdk.AcmeAsyncClient;
import dev.synclog.events.RunFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's exit. The queue opens after the first call or at exit, and Chronicle loads with it, not at premain. An
 * app that exits at once has its queue opened, and Chronicle loaded, inside the JVM's exit: Chronicle's own shutdown
 * hook would fail to register then ("Shutdown in progress") and leave no queue, so the agent keeps it off and its own
 * hook writes. Calls still in flight at exit get one wait, whatever their kind.
 */
class ExitIT {
    private static final String IN_FLIGHT = "the process ended before the response, so whether the destination"
            + " applied the row is unknown";
    private static final String FUTURE_LOST = "java.util.concurrent.TimeoutException: the process exited before the"
            + " future returned by " + AcmeAsyncClient.class.getName() + "#batchUpsert completed, so whether the"
            + " destination applied the row is unknown";
    /**
     * When the destination answers the HTTP call, from the app's stop: after the exit's one wait for calls in flight
     * (3 s) ends, before a second such wait after the futures' would (6 s): the wider margin on the side the fix must hold.
     */
    private static final long ANSWER_AFTER_STOP_MILLIS = 5_000;
    /**
     * Calls of the slow writer's app: its journal holds about 40 entries at exit, 8 s of writing at one per 200 ms
     * (-Dsynclog.inject-fault=slow-writer), past the fixed 5 s the exit used to wait.
     */
    private static final int SLOW_CALLS = 20;

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
        assertJournalDeleted(queue);
    }

    private static void assertJournalDeleted(Path queue) throws Exception {
        try (Stream<Path> left = Files.list(queue.resolve("journal"))) {
            assertThat(left).as("the journal, drained and deleted at exit").isEmpty();
        }
    }

    /**
     * A writer still writing at exit, slowly (as on busy cores), is waited for while it writes: the run's last rows and
     * its end reach the queue, and the journal is deleted. A fixed 5 s wait cut it off, leaving the end of a short job's
     * last run to its next start.
     */
    @Test
    void theExitWaitsForAWriterThatIsStillWriting() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result result = sync.send(AgentProcess.withConfig(sync.writeConfig("", ""))
                    .jvmOption("-Dsynclog.inject-fault=slow-writer"), "jdk", body, SLOW_CALLS, 1).assertOk();

            assertThat(result.agentLines()).noneMatch(line -> line.contains("WARNING") || line.contains("internal error"));
            RecordedEvents events = sync.recorded();
            assertThat(events.rows).as("every row; the app's stderr:%n%s", result.stderr()).hasSize(2 * SLOW_CALLS);
            assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded");
            assertJournalDeleted(sync.queueDir());
        }
    }

    /**
     * An exit that may wait less than the writer needs (queue.max_exit_wait_seconds) says so, and what was not written
     * stays in the journal: the next start on the queue writes it, so both runs are in the queue, whole and once.
     */
    @Test
    void anExitThatStopsWaitingLeavesTheRestToTheNextStart() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            AgentProcess.Result cut = sync.send(AgentProcess.withConfig(sync.writeConfig("max_exit_wait_seconds: 2", ""))
                    .jvmOption("-Dsynclog.inject-fault=slow-writer"), "jdk", body, SLOW_CALLS, 1).assertOk();
            assertThat(cut.agentLines()).contains("synclog: WARNING: the app exits before the queue writer was done (2 s"
                    + " passed, queue.max_exit_wait_seconds): what it had not written stays in "
                    + sync.queueDir().resolve("journal").toAbsolutePath() + ", and the agent's next start on this queue"
                    + " writes it; until then the warehouse lacks this process's last events (its run shows as running)");
            assertThat(sync.recorded().runsFinished).as("the first run's end, not written at its exit").isEmpty();
            try (Stream<Path> left = Files.list(sync.queueDir().resolve("journal"))) {
                assertThat(left).as("the journal, kept").isNotEmpty();
            }

            AgentProcess.Result next = sync.send(AgentProcess.withConfig(sync.writeConfig("", "")), "jdk", body,
                    SLOW_CALLS, 1).assertOk();

            assertThat(next.agentLines()).anySatisfy(line -> assertThat(line).startsWith("synclog: recovered the journal"
                    + " of process ").contains(" call(s) written now"));
            RecordedEvents events = sync.recorded();
            assertThat(events.agents).hasSize(2);
            assertThat(events.rows).extracting(row -> row.runId() + " " + row.rowId() + " " + row.status())
                    .as("each run's rows, once each").doesNotHaveDuplicates().hasSize(2 * 2 * SLOW_CALLS);
            assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded", "succeeded");
            assertJournalDeleted(sync.queueDir());
        }
    }

    /**
     * An SDK future never completed and an HTTP call whose answer comes late, at a SIGTERM: both are waited for in one
     * wait from the exit's start, not the HTTP call after the futures' wait. The answer comes after that one wait, so
     * the call is recorded as in flight; waited for one after the other (up to 6 s), it was recorded as answered.
     */
    @Test
    void futuresAndHttpCallsInFlightShareOneWaitAtExit() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        try (LoopbackDestination destination = new LoopbackDestination()) {
            destination.on("/v1/members:add", LoopbackDestination.heldUntil(answer, received::countDown,
                    Response.json(200, "{\"results\":[{\"ok\":true},{\"ok\":true}]}")));
            Path queue = work.resolve("queue");
            Path config = Files.writeString(work.resolve("synclog.yaml"), """
                    sync: {sync_id: members, destination: crm}
                    queue: {dir: %s}
                    endpoints:
                      - name: members
                        match: {host: 127.0.0.1, method: POST, path: /v1/members:add}
                        request: {rows: /members, row_id: /id, op: added}
                        response: {outcome: index_aligned, items: /results, success: /ok}
                      - name: contacts-upsert
                        java_method: {class: %s, name: batchUpsert}
                        request: {rows: "", row_id: /id}
                        response: {outcome: index_aligned, items: "", success: /status, success_values: [OK]}
                    """.formatted(queue, AcmeAsyncClient.class.getName()));
            AgentProcess app = LibraryVersions.onClassPath(AgentProcess.withConfig(config), "guava",
                    System.getProperty("synclog.guava.version"));
            AgentProcess.Result stopped;
            try (AgentProcess.Running running = app.start(work, CallsInFlightAtExitApp.class,
                    destination.url("/v1/members:add"))) {
                assertThat(received.await(60, TimeUnit.SECONDS)).as("the destination received the call").isTrue();
                CompletableFuture.delayedExecutor(ANSWER_AFTER_STOP_MILLIS, TimeUnit.MILLISECONDS).execute(answer::countDown);
                stopped = running.terminate();
            }

            RecordedEvents events = RecordedEvents.read(queue);
            assertThat(events.rows).as("rows recorded; the app's stderr:%n%s", stopped.stderr())
                    .extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                    .containsExactlyInAnyOrder("lost failed " + FUTURE_LOST, "r1 failed " + IN_FLIGHT,
                            "r2 failed " + IN_FLIGHT);
            assertThat(events.runsFinished).singleElement().satisfies(r -> assertThat(r.error()).contains("had not completed"));
        }
    }
}
