package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.synclog.agent.it.apps.SdkListenerApp;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SDK method whose callback interface hears progress before the outcome, and a failure as an error object rather
 * than an exception ({@code onProgress(int)}, {@code onSuccess(List)}, {@code onError(ErrorResponse)}), all on the
 * SDK's thread: with {@code response.callback_result} and {@code callback_failure} named, progress records nothing,
 * success is read per row, and an error object fails every row with the reason at {@code callback_failure_reason} (else
 * the object as JSON). A name the interface lacks leaves the method alone, with a warning. The app hears the same.
 */
class SdkListenerCallbacksIT {
    private static final String SDK = "dev.synclog.agent.it.apps.sdk.AcmeListenerClient";

    @TempDir
    Path work;

    private Path config(String callbackMethods) throws Exception {
        return Files.writeString(work.resolve("synclog.yaml"), """
                sync: {sync_id: crm-contacts, destination: acme}
                queue: {dir: %s}
                endpoints:
                  - name: contacts-upsert
                    object: contacts
                    java_method: {class: %s, name: batchUpsert}
                    request: {rows: "", row_id: /id, fields: /email}
                    response:
                      outcome: index_aligned
                      items: ""
                      success: /status
                      success_values: [OK]
                      reason: /message
                      callback_argument: 1
                %s
                """.formatted(work.resolve("queue"), SDK, callbackMethods.indent(6)));
    }

    @Test
    void onlyTheNamedMethodsReportAndAnErrorObjectFailsEveryRow() throws Exception {
        Path config = config("""
                callback_result: onSuccess
                callback_failure: onError
                callback_failure_reason: /message""");
        AgentProcess.Result with = AgentProcess.withConfig(config).run(work, SdkListenerApp.class).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().run(work, SdkListenerApp.class).assertOk();

        assertThat(with.stdout()).as("what the app's listeners heard, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly(
                "upsert progress: 0 on acme-listener-worker",
                "upsert progress: 100 on acme-listener-worker",
                "upsert: [OK, INVALID (email is malformed)] on acme-listener-worker",
                "throttled progress: 0 on acme-listener-worker",
                "throttled progress: 100 on acme-listener-worker",
                "throttled failed: ErrorResponse(429, rate limited: retry after 30 s) on acme-listener-worker",
                "broken progress: 0 on acme-listener-worker",
                "broken progress: 100 on acme-listener-worker",
                "broken failed: ErrorResponse(500, null) on acme-listener-worker");
        assertThat(with.agentLines()).as("no warning, no internal error").singleElement().asString()
                .startsWith("synclog: agent ");

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        String throttled = "rate limited: retry after 30 s";
        String broken = "{\"code\":500,\"message\":null}";
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "c1 upsert succeeded null #1", "c2 upsert failed email is malformed #1",
                "throttled upsert failed " + throttled + " #1", "c3 upsert failed " + throttled + " #1",
                "broken upsert failed " + broken + " #1");
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly(null, throttled, broken);
    }

    @Test
    void aNamedMethodTheInterfaceLacksLeavesTheMethodAloneWithAWarning() throws Exception {
        Path config = config("""
                callback_result: onSuccess
                callback_failure: onFailure""");
        AgentProcess.Result with = AgentProcess.withConfig(config).run(work, SdkListenerApp.class).assertOk();

        assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, SdkListenerApp.class).assertOk().stdout());
        assertThat(with.agentLines()).filteredOn(line -> !line.startsWith("synclog: agent ")).containsExactly("synclog: WARNING: endpoint 'contacts-upsert': the callback"
                + " interface " + SDK + "$UpsertListener of " + SDK + "#batchUpsert(java.util.List, " + SDK
                + "$UpsertListener) has no void method onFailure (response.callback_failure), so it is not captured;"
                + " its void methods are onSuccess, onProgress, onError; name one of them in that key");
        assertThat(RecordedEvents.read(work.resolve("queue")).calls).isEmpty();
    }
}
