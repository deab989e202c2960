package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.synclog.agent.it.apps.ApacheAsyncSendApp;
import dev.synclog.agent.it.apps.AsyncRunsApp;
import dev.synclog.agent.it.apps.ElasticsearchRest5App;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache HttpClient 5's async client at the oldest and newest supported versions: the default and the minimal
 * client, futures and callbacks, {@code SimpleHttpRequest} bodies and {@code AsyncEntityProducers}, a gzip'd body,
 * and Elasticsearch's low-level client on it. Each call is recorded once with its exact rows; the app gets exactly
 * what it gets without the agent.
 */
class ApacheHttpAsyncClient5IT extends ClientLibraryFixture {
    private static final String[] CALLS = {
            "future:simple-bytes", "callback:simple-text", "future:bytes", "callback:string", "future:host-bytes",
            "callback:gzip", "minimal:simple-bytes", "minimal:string"};

    ApacheHttpAsyncClient5IT() {
        super("httpclient5", versions(), ApacheAsyncSendApp.class, "apache_http_client_5_async", CALLS);
    }

    static List<String> versions() {
        return LibraryVersions.of("synclog.httpclient5.versions");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyClientAndBodyIsRecordedOnceAndTheAppSeesTheSameResults(String version) throws Exception {
        assertEachDefaultCallRecordedOnce(version);
    }

    @Test
    void aRefusedConnectionFailsEveryRowOfAnInMemoryBody() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackDestination.closedPort() + PATH;
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url,
                "future:simple-bytes", "callback:bytes", "minimal:simple-bytes");

        String refused = "ERROR org.apache.hc.client5.http.HttpHostConnectException";
        assertThat(with.stdout().lines()).containsExactly("future:simple-bytes " + refused, "callback:bytes " + refused,
                "minimal:simple-bytes " + refused);
        RecordedEvents events = recorded();
        // A SimpleHttpRequest's bytes are copied as the request is handed over, before connecting; a producer's bytes
        // only as the client writes them, which it never got to: that call has the error alone.
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " "
                        + r.failureReason().startsWith("org.apache.hc.client5.http.HttpHostConnectException"))
                .containsExactly("0a failed true", "0b failed true", "2a failed true", "2b failed true");
        assertThat(events.calls).hasSize(3).allSatisfy(c -> {
            assertThat(c.httpStatus()).isZero();
            assertThat(c.error()).contains("org.apache.hc.client5.http.HttpHostConnectException");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "minimal"})
    void aCallBelongsToTheRunOfTheThreadThatMadeItNotToTheClientsThreads(String client) throws Exception {
        destination.on("/batch", (req, n) -> LoopbackDestination.Response.json(200, "{}"));
        Path config = Files.writeString(work.resolve("runs.yaml"), """
                sync: {sync_id: contacts, destination: crm}
                runs: {method: dev.synclog.agent.it.apps.AsyncRunsApp$ContactSync#runOnce}
                queue: {dir: %s}
                endpoints:
                  - name: batch
                    match: {host: 127.0.0.1, method: POST, path: /batch}
                    request: {rows: /rows, row_id: /id, op: upsert}
                    response: {outcome: http_status}
                """.formatted(work.resolve("queue")));
        AgentProcess.Result with = LibraryVersions.onClassPath(AgentProcess.withConfig(config), "httpclient5", newest())
                .run(work, AsyncRunsApp.class, destination.url("/batch"), client).assertOk();

        assertThat(with.stdout().lines()).containsExactlyInAnyOrder("first 200", "second 200");
        RecordedEvents events = recorded();
        assertThat(events.runsStarted).hasSize(2);
        // The runs are both active when each posts its row: each run has its own thread's row, none has both.
        Map<String, List<String>> rowsByRun = events.rows.stream().collect(
                Collectors.groupingBy(RowResult::runId, Collectors.mapping(RowResult::rowId, Collectors.toList())));
        assertThat(rowsByRun.values()).containsExactlyInAnyOrder(List.of("first"), List.of("second"));
    }

    @Test
    void elasticsearchsLowLevelClientIsRecordedOnce() throws Exception {
        String version = System.getProperty("synclog.elasticsearch-rest5.version");
        String[] args = sendArgs(work, destination.url(PATH), "perform", "perform");
        AgentProcess.Result with = LibraryVersions.onClassPath(AgentProcess.withConfig(config()), "elasticsearch-rest5", version)
                .run(work, ElasticsearchRest5App.class, args).assertOk();

        assertThat(with.stdout().lines()).containsExactly("perform RESPONSE 200 " + base64(RESULTS),
                "perform RESPONSE 200 " + base64(RESULTS));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(rowsOf(2));
        assertThat(events.calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
        assertThat(destination.hits(PATH)).isEqualTo(2);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
