package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.synclog.agent.it.apps.SdkCallbacksApp;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.RunFinished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SDK method that reports to a callback argument of its own interface ({@code onSuccess}/{@code onFailure}), called
 * later on the SDK's thread: each call is recorded when its callback is called, from the results or the failure, once
 * even when the SDK both calls back and throws; a method that throws without calling back fails its rows with what it
 * threw; a null callback still records; one never called before the app exits fails its rows with why. The app and the
 * SDK see the same callbacks, threads, exceptions and log as without the agent.
 */
class SdkCallbacksIT {
    private static final String SDK = "dev.synclog.agent.it.apps.sdk.AcmeCallbackClient";
    private static final String API_EXCEPTION = "dev.synclog.agent.it.apps.sdk.AcmeCrmClient$AcmeApiException";
    private static final String REFUSED = API_EXCEPTION + ": batch refused: contact 'refused' is on the block list";
    private static final String REJECTED = API_EXCEPTION + ": batch rejected: contact 'rejected' is not allowed";
    private static final String NO_EMAIL = "java.lang.IllegalArgumentException: every contact needs an email";
    private static final String LOST = "java.util.concurrent.TimeoutException: the process exited before the callback"
            + " passed to " + SDK + "#batchUpsert was called, so whether the destination applied the row is unknown";

    @TempDir
    Path work;

    private Path config() throws Exception {
        return Files.writeString(work.resolve("synclog.yaml"), """
                sync: {sync_id: crm-contacts, destination: acme}
                queue: {dir: %s}
                endpoints:
                  - name: contacts-upsert
                    object: contacts
                    java_method: {class: %s, name: batchUpsert}
                    request: {rows: "", row_id: /id, fields: /email}
                    response: {outcome: index_aligned, items: "", success: /status, success_values: [OK], reason: /message,
                               callback_argument: 1}
                """.formatted(work.resolve("queue"), SDK));
    }

    /**
     * {@code check --class-path} says of the overload without a callback what the agent says when the class loads;
     * with the callback interface's class file missing from the class path, it names the class it cannot read whole.
     */
    @Test
    void theCheckSaysWhatTheAgentSaysOfTheCallbackMethods() throws Exception {
        Path testClasses = Path.of(System.getProperty("synclog.test.classes", "target/test-classes")).toAbsolutePath();
        AgentProcess.Result check = AgentProcess.withConfig(config()).check(work, "--class-path", testClasses.toString());
        assertThat(check.exitCode()).as(check.stderr()).isEqualTo(3);
        assertThat(check.stderr().lines()).singleElement().satisfies(line -> assertThat(line).startsWith("synclog:"
                + " WARNING: endpoint 'contacts-upsert': " + SDK + "#batchUpsert(java.util.List) has no parameter 1, so"
                + " it is not captured;"));

        String sdkFile = SDK.replace('.', '/') + ".class";
        Path partial = work.resolve("partial");
        Files.createDirectories(partial.resolve(sdkFile).getParent());
        Files.copy(testClasses.resolve(sdkFile), partial.resolve(sdkFile));
        AgentProcess.Result cut = AgentProcess.withConfig(config()).check(work, "--class-path", partial.toString());
        assertThat(cut.exitCode()).as(cut.stderr()).isEqualTo(3);
        assertThat(cut.stderr().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("synclog: WARNING: " + SDK + ", named by endpoint 'contacts-upsert', could not be read"
                        + " whole from the class path given (")
                .contains(SDK + "$UpsertCallback").endsWith("); add the jars the class's methods refer to"));
    }

    @Test
    void eachCallIsRecordedWhenItsCallbackIsCalledAndTheAppSeesTheSame() throws Exception {
        AgentProcess.Result with = AgentProcess.withConfig(config()).run(work, SdkCallbacksApp.class).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().run(work, SdkCallbacksApp.class).assertOk();

        assertThat(with.stdout()).as("what the app and the SDK saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly(
                "rejected threw: " + REJECTED,
                "no email threw: " + NO_EMAIL,
                "rejected failed: " + REJECTED + " on main",
                "upsert: [OK, INVALID (email is malformed)] on acme-callback-worker",
                "refused failed: " + REFUSED + " on acme-callback-worker",
                "throwing: [OK] on acme-callback-worker",
                "sdk: queued for callback upsert (hash 6)",
                "sdk: queued for callback refused (hash 7)",
                "sdk: queued for null (hash 0)",
                "sdk: queued for callback throwing (hash 8)",
                "sdk: queued for callback lost (hash 4)",
                "sdk: callback threw java.lang.IllegalStateException: the app's callback failed on acme-callback-worker");
        // The overload without a callback is left alone (its nested call to the one with it is recorded), and says so.
        assertThat(with.agentLines()).hasSize(2).anySatisfy(line -> assertThat(line).startsWith("synclog: WARNING: endpoint"
                + " 'contacts-upsert': " + SDK + "#batchUpsert(java.util.List) has no parameter 1, so it is not captured;"));

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "rejected upsert failed " + REJECTED + " #1",
                "no-email upsert failed " + NO_EMAIL + " #1",
                "c1 upsert succeeded null #1", "c2 upsert failed email is malformed #1",
                "refused upsert failed " + REFUSED + " #1", "c3 upsert failed " + REFUSED + " #1",
                "c4 upsert succeeded null #1",
                "c5 upsert succeeded null #1",
                "lost upsert failed " + LOST + " #1");
        assertThat(events.calls).extracting(CallCompleted::error)
                .containsExactly(REJECTED, NO_EMAIL, null, REFUSED, null, null, LOST);
        assertThat(events.calls).allSatisfy(call -> assertThat(call.url()).isEqualTo("java:" + SDK + "#batchUpsert"));
        assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded");
    }

    /** A failure inside the agent's wrapper, on the SDK's thread, reaches neither that thread nor the app. */
    @Test
    void aFailureInTheAgentsCallbackLeavesTheSdkAndTheAppUnchanged() throws Exception {
        AgentProcess.Result with = AgentProcess.withConfig(config()).jvmOption("-Dsynclog.inject-fault=callback")
                .run(work, SdkCallbacksApp.class).assertOk();

        assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, SdkCallbacksApp.class).assertOk().stdout());
        assertThat(with.agentLines()).filteredOn(line -> line.contains("internal error")).singleElement().asString()
                .startsWith("synclog: internal error in reading the result of the callback passed to " + SDK
                        + "#batchUpsert (logged once;");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        // A failure needs no value read: those calls are as without the fault; the others' rows are unreadable.
        String unread = "response has no per-row results at '' (response.items); the body is empty";
        assertThat(events.calls).extracting(CallCompleted::error)
                .containsExactly(REJECTED, NO_EMAIL, unread, REFUSED, unread, unread, LOST);
    }
}
