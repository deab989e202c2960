package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.AmplitudeApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amplitude's java-sdk from Maven Central in a forked JVM, against a loopback HTTP API (https: the SDK casts its
 * connections to HttpsURLConnection) that refuses the first batch with 400 for one invalid event, as Amplitude does,
 * and takes the SDK's own retries of the valid ones: captured with docs/configuration.md's worked example, the invalid
 * event fails for its field, the valid ones for the call's reason, each event's last attempt is its outcome, and the
 * API key the body carries is never on disk.
 */
class AmplitudeIT {
    private static final String REFUSAL = "{\"code\":400,\"error\":\"Invalid field values on some events\",\"missing_field\":\"\","
            + "\"events_with_invalid_fields\":{\"time\":[1]},\"events_with_missing_fields\":{},\"events_with_invalid_id_lengths\":{},"
            + "\"silenced_devices\":[],\"silenced_events\":[]}";

    @TempDir
    Path work;

    @Test
    void aRefusedBatchFailsItsInvalidEventForItsFieldTheOthersForTheCallAndTheSdksRetriesOfThoseSucceed() throws Exception {
        AgentProcess.Result with = runSdk(WorkedExamples.withConfig(work, "amplitude.yaml", "api2.amplitude.com", ""));
        AgentProcess.Result without = runSdk(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK reported, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("amp-1 200 Events sent success.",
                "amp-2 400 Invalid field values on some events", "amp-3 200 Events sent success.");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        // The SDK retries each user's events on a thread of its own: the retries' order varies, the rows' do not.
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactlyInAnyOrder(
                "amp-1 added failed HTTP 400: Invalid field values on some events #1",
                "amp-2 added failed events_with_invalid_fields: time #1",
                "amp-3 added failed HTTP 400: Invalid field values on some events #1",
                "amp-1 added succeeded null #2",
                "amp-3 added succeeded null #2");
        assertThat(events.rows).filteredOn(r -> r.rowId().equals("amp-2")).singleElement()
                .satisfies(r -> assertThat(r.fields()).contains("\"event_type\":\"Order Completed\"", "\"total\":42"));
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error()).containsExactly(
                "amplitude-events 400 HTTP 400: Invalid field values on some events", "amplitude-events 200 null",
                "amplitude-events 200 null");
        assertThat(PrivacyIT.filesContaining(work.resolve("queue"), "AMP_API_KEY_0123")).as("the API key, in the body").isEmpty();
    }

    private AgentProcess.Result runSdk(AgentProcess process) throws Exception {
        try (LoopbackDestination amplitude = LoopbackDestination.https(work)) {
            amplitude.on("/2/httpapi", (body, n) -> n == 1 ? Response.json(400, REFUSAL)
                    : Response.json(200, "{\"code\":200,\"events_ingested\":1,\"payload_size_bytes\":" + body.length
                            + ",\"server_upload_time\":1764000000123}"));
            LoopbackDestination.trustOptions(work).forEach(process::jvmOption);
            return LibraryVersions.onClassPath(process, "amplitude", System.getProperty("synclog.amplitude.version"))
                    .run(work, AmplitudeApp.class, amplitude.url("/2/httpapi")).assertOk();
        }
    }
}
