package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import dev.synclog.agent.it.apps.SdkFuturesApp;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SDK method that returns a real Guava {@code ListenableFuture}, completed later on the SDK's thread: each call is
 * recorded when its future completes, from its value or its failure; a cancelled future fails its rows with the
 * cancellation; one never completed before the app exits fails its rows with why. The app sees the same values,
 * failures, listener order and thread state as without the agent.
 */
class SdkFuturesIT {
    private static final String SDK = "dev.synclog.agent.it.apps.sdk.AcmeAsyncClient";
    private static final String UNKNOWN = ", so whether the destination applied the row is unknown";
    private static final String REFUSED = "dev.synclog.agent.it.apps.sdk.AcmeCrmClient$AcmeApiException: batch refused:"
            + " contact 'refused' is on the block list";
    private static final String CANCELLED = "java.util.concurrent.CancellationException: Task was cancelled.";
    private static final String LOST = "java.util.concurrent.TimeoutException: the process exited before the future"
            + " returned by " + SDK + "#batchUpsert completed" + UNKNOWN;

    @TempDir
    Path work;

    private Path config() throws Exception {
        return config("");
    }

    private Path config(String more) throws Exception {
        return Files.writeString(work.resolve("synclog.yaml"), more + """
                sync: {sync_id: crm-contacts, destination: acme}
                queue: {dir: %s}
                endpoints:
                  - name: contacts-upsert
                    object: contacts
                    java_method: {class: %s, name: batchUpsert}
                    request: {rows: "", row_id: /id, fields: /email}
                    response: {outcome: index_aligned, items: "", success: /status, success_values: [OK], reason: /message}
                """.formatted(work.resolve("queue"), SDK));
    }

    private AgentProcess.Result run(AgentProcess process, String... args) throws Exception {
        return LibraryVersions.onClassPath(process, "guava", System.getProperty("synclog.guava.version"))
                .run(work, SdkFuturesApp.class, args).assertOk();
    }

    /**
     * A run method that returns before its future completes: the call belongs to the run it was made in (the one active
     * on the calling thread at entry), not to the run active when the future completes, and that run ends without a
     * call left incomplete.
     */
    @Test
    void aCallBelongsToTheRunItWasMadeInAndThatRunsEndWaitsForIt() throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config(
                "runs: {method: dev.synclog.agent.it.apps.SdkFuturesApp#syncOnce}\n")), "runs");

        assertThat(with.stdout()).isEqualTo("runs: [OK] [OK]\n");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        List<String> runIds = events.runsStarted.stream().map(RunStarted::runId).toList();
        assertThat(runIds).hasSize(2);
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " " + r.runId())
                .containsExactly("r1 succeeded " + runIds.get(0), "r2 succeeded " + runIds.get(1));
        assertThat(events.runsFinished).extracting(r -> r.runId() + " " + r.status() + " " + r.error())
                .containsExactly(runIds.get(0) + " succeeded null", runIds.get(1) + " succeeded null");
    }

    @Test
    void eachCallIsRecordedWhenItsFutureCompletesAndTheAppSeesTheSame() throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config()));
        AgentProcess.Result without = run(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("done before delivery: false",
                "upsert: [OK, INVALID (email is malformed)]", "refused: " + REFUSED,
                "cancel: true, cancelled: true", "interrupted: [OK], flag kept: true", "lost done: false",
                "listeners: [listener, callback [OK, INVALID (email is malformed)]]");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        assertThat(with.stderr()).doesNotContain("RuntimeException while executing");

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "c1 upsert succeeded null #1", "c2 upsert failed email is malformed #1",
                "refused upsert failed " + REFUSED + " #1", "c3 upsert failed " + REFUSED + " #1",
                "c4 upsert failed " + CANCELLED + " #1",
                "interrupted upsert succeeded null #1",
                "lost upsert failed " + LOST + " #1");
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly(null, REFUSED, CANCELLED, null, LOST);
        assertThat(events.calls).allSatisfy(call -> assertThat(call.url()).isEqualTo("java:" + SDK + "#batchUpsert"));
        assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded");
    }

    /**
     * More calls waiting for their future than {@code capture.max_waiting_calls}: the oldest are given up on (failed,
     * whether applied unknown), said once on stderr; the newest are recorded as answered; the app sees every answer.
     */
    @Test
    void pastTheWaitingCallsBoundTheOldestAreGivenUpOnAndTheAppIsTold() throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config("capture: {max_waiting_calls: 100}\n")), "many", "150");

        assertThat(with.stdout()).isEqualTo("many: 150 answered\n")
                .isEqualTo(run(AgentProcess.withoutAgent(), "many", "150").stdout());
        String why = "100 calls of SDK methods were waiting for their future or callback already, so synclog stopped"
                + " waiting for the oldest";
        assertThat(with.agentLines()).filteredOn(line -> line.contains("WARNING")).containsExactly("synclog: WARNING: "
                + why + ": its rows, and those of any call given up on later, are recorded as failed (whether the"
                + " destination applied them is unknown); raise capture.max_waiting_calls, or bound the requests the SDK"
                + " keeps outstanding (its flow control settings)");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).hasSize(150);
        assertThat(events.rows).filteredOn(row -> row.status().equals("failed")).extracting(RecordedEvents::outcome)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50)
                        .mapToObj(i -> "m" + i + " upsert failed java.util.concurrent.TimeoutException: " + why + UNKNOWN
                                + " #1")
                        .toList());
        assertThat(events.rows).filteredOn(row -> row.status().equals("succeeded")).extracting(r -> r.rowId())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(51, 150).mapToObj(i -> "m" + i).toList());
    }

    /** A failure inside the agent's listener, on the SDK's completing thread, reaches neither that thread nor the app. */
    @Test
    void aFailureInTheAgentsListenerLeavesTheSdkAndTheAppUnchanged() throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config()).jvmOption("-Dsynclog.inject-fault=future"));

        assertThat(with.stdout()).isEqualTo(run(AgentProcess.withoutAgent()).stdout());
        assertThat(with.stderr()).doesNotContain("RuntimeException while executing");
        assertThat(with.agentLines()).filteredOn(line -> line.contains("internal error")).singleElement().asString()
                .startsWith("synclog: internal error in reading the result of the future returned by " + SDK
                        + "#batchUpsert (logged once;");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        // A failure needs no value read: those calls are as without the fault; the others' rows are unreadable.
        String unread = "response has no per-row results at '' (response.items); the body is empty";
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly(unread, REFUSED, CANCELLED, unread, LOST);
    }
}
