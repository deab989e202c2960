package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.ApacheAsync4SendApp;
import dev.synclog.agent.it.apps.ElasticsearchRestClientApp;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpAsyncClient 4.1 at the oldest and newest supported versions: the execute overloads with a callback, a
 * future alone, a producer and consumer of {@code HttpAsyncMethods}, the minimal client, with repeatable and
 * read-once entities. Each call is recorded once with its exact rows, in the run of the thread that started it
 * though it completes on the client's I/O threads; the app's callbacks and futures get exactly what they get
 * without the agent. Then Elasticsearch's low-level REST client, which runs on the library.
 */
class ApacheHttpAsyncClient4IT extends ClientLibraryFixture {
    private static final String[] CALLS = {
            "execute:bytes", "execute-context:stream", "host:nstring", "producer:bytes", "future:cbytes", "minimal:stream"};

    ApacheHttpAsyncClient4IT() {
        super("httpasyncclient4", versions(), ApacheAsync4SendApp.class, "apache_http_async_client_4", CALLS);
    }

    static List<String> versions() {
        return LibraryVersions.of("synclog.httpasyncclient4.versions");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyOverloadIsRecordedOnceAndTheAppSeesTheSameResults(String version) throws Exception {
        assertEachDefaultCallRecordedOnce(version);
        RecordedEvents events = recorded();
        assertThat(events.runsStarted).as("the process is the run").singleElement().satisfies(run ->
                assertThat(events.calls).extracting(CallCompleted::runId).containsOnly(run.runId()));
    }

    @Test
    void anErrorResponseFailsEveryRowWithItsReasonAndTheAppReadsItWhole() throws Exception {
        assertAnErrorResponseFailsEveryRow("execute:stream", "producer:bytes");
    }

    @Test
    void aRefusedConnectionFailsEveryRowOfARepeatableEntity() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackDestination.closedPort() + PATH;
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, "execute:bytes", "future:stream");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest(), url, "execute:bytes", "future:stream");

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("execute:bytes ERROR java.net.ConnectException",
                "future:stream ERROR java.net.ConnectException");
        RecordedEvents events = recorded();
        // A read-once entity the client never got to produce has no rows to record: the call has the error.
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " "
                        + r.failureReason().startsWith("java.net.ConnectException"))
                .containsExactly("0a failed true", "0b failed true");
        assertThat(events.calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.httpStatus()).isZero();
            assertThat(c.error()).contains("java.net.ConnectException");
        });
    }

    /** A client that was never started cancels the request (4.1.5) or throws (4.1): the call ends with that. */
    @ParameterizedTest
    @MethodSource("versions")
    void aClientNotStartedEndsTheCallWithWhatItTellsTheApp(String version) throws Exception {
        String url = destination.url(PATH);
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version, url, "unstarted:bytes", "execute:bytes");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version, url, "unstarted:bytes", "execute:bytes");

        assertThat(with.stdout()).isEqualTo(without.stdout()).startsWith("unstarted:bytes ERROR java.");
        String error = with.stdout().lines().findFirst().orElseThrow().substring("unstarted:bytes ERROR ".length());
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " " + String.valueOf(r.failureReason()).startsWith(error))
                .containsExactly("0a failed true", "0b failed true", "1a succeeded false", "1b failed false");
        assertThat(events.calls).extracting(CallCompleted::httpStatus).containsExactly(0, 200);
    }

    /**
     * Elasticsearch's low-level REST client 9.5.6 (on HttpAsyncClient 4.1.5), posting the members body with
     * {@code performRequest} and {@code performRequestAsync}: each call recorded once, rows exact, and the app reads
     * what it reads without the agent.
     */
    @Test
    void elasticsearchRestClientCallsAreRecordedOnce() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        destination.on(PATH, (req, n) -> {
            received.add(new String(req, StandardCharsets.UTF_8));
            return Response.json(200, RESULTS);
        });
        String version = System.getProperty("synclog.elasticsearch-rest-client.version");
        String[] args = sendArgs(work, destination.url(PATH));
        String url = args[0];
        String body = args[2];

        AgentProcess.Result with = LibraryVersions.onClassPath(AgentProcess.withConfig(config()), "elasticsearch-rest-client", version)
                .run(work, ElasticsearchRestClientApp.class, url, body, "4").assertOk();
        List<String> receivedWith = List.copyOf(received);
        AgentProcess.Result without = LibraryVersions.onClassPath(AgentProcess.withoutAgent(), "elasticsearch-rest-client", version)
                .run(work, ElasticsearchRestClientApp.class, url, body, "4").assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(4).allMatch(l -> l.endsWith(" RESPONSE 200 "
                + Base64.getEncoder().encodeToString(RESULTS.getBytes(StandardCharsets.UTF_8))));
        assertThat(receivedWith).as("what the destination received, with and without the agent").isEqualTo(received.subList(4, 8));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(rowsOf(4));
        assertThat(events.calls).hasSize(4).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.endpoint()).isEqualTo("members");
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
    }
}
