package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.synclog.agent.it.apps.ApacheSendApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 5 (classic) at the oldest and newest supported versions: every execute overload, with
 * and without a response handler, with repeatable, read-once and gzip'd request entities. Each call is
 * recorded once with its exact rows; the app and its handlers get exactly what they get without the agent.
 */
class ApacheHttpClient5IT extends ClientLibraryFixture {
    private static final String[] CALLS = {
            "execute:bytes", "execute-context:stream", "execute-host:gzip", "execute-host-context:bytes",
            "handler:bytes", "handler-context:gzip", "handler-host:stream", "handler-host-context:bytes"};

    ApacheHttpClient5IT() {
        super("httpclient5", versions(), ApacheSendApp.class, "apache_http_client_5", CALLS);
    }

    static List<String> versions() {
        return LibraryVersions.of("synclog.httpclient5.versions");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyOverloadIsRecordedOnceAndTheAppSeesTheSameResults(String version) throws Exception {
        assertEachDefaultCallRecordedOnce(version);
    }

    @Test
    void aRefusedConnectionFailsEveryRowOfARepeatableEntity() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackDestination.closedPort() + PATH;
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, "execute:bytes", "handler:stream");

        assertThat(with.stdout().lines()).containsExactly("execute:bytes ERROR org.apache.hc.client5.http.HttpHostConnectException",
                "handler:stream ERROR org.apache.hc.client5.http.HttpHostConnectException");
        RecordedEvents events = recorded();
        // A read-once entity the client never got to read has no rows to record: the call has the error.
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " "
                        + r.failureReason().startsWith("org.apache.hc.client5.http.HttpHostConnectException"))
                .containsExactly("0a failed true", "0b failed true");
        assertThat(events.calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.httpStatus()).isZero();
            assertThat(c.error()).contains("org.apache.hc.client5.http.HttpHostConnectException");
        });
    }
}
