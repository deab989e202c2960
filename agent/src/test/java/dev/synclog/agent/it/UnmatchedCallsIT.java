package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capture.log_unmatched}: the calls no endpoint matches are named on stderr, once per method, host and path,
 * with the match that would capture them (the query string left out); matched calls are captured as usual; without
 * the key, nothing is said. The app sees the same in every case.
 */
class UnmatchedCallsIT {
    @TempDir
    Path work;
    LoopbackDestination destination;
    Path body;

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        destination.on("/v2/members", (request, n) -> Response.json(200, "{\"ok\":true}"));
        destination.on("/contacts", (request, n) -> Response.json(200, "{\"ok\":true}"));
        body = work.resolve("body.json");
        Files.writeString(body, "{\"contacts\":[{\"id\":\"c-{n}\"}]}");
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    @Test
    void eachKindOfUnmatchedCallIsNamedOnceWithTheMatchThatWouldCaptureIt() throws Exception {
        Path config = config("capture:\n  log_unmatched: true\nendpoints:\n" + CONTACTS);
        AgentProcess.Result members = send(AgentProcess.withConfig(config), "/v2/members?api_key=k-123", 3);
        AgentProcess.Result contacts = send(AgentProcess.withConfig(config), "/contacts", 2);

        int port = Integer.parseInt(destination.url("").replaceAll(".*:", ""));
        assertThat(members.agentLines()).hasSize(2).first().asString().startsWith("synclog: agent ");
        assertThat(members.agentLines().get(1)).isEqualTo(
                "synclog: no endpoint matches POST http://127.0.0.1:" + port + "/v2/members (java-http-client); to capture it,"
                        + " add an endpoint with match: {host: 127.0.0.1, method: POST, path: /v2/members} (capture.log_unmatched)");
        assertThat(members.stderr()).as("the query string, which may hold a key").doesNotContain("k-123");
        assertThat(contacts.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        assertThat(RecordedEvents.read(work.resolve("queue")).rows).extracting(r -> r.rowId()).containsExactly("c-0", "c-1");
        assertThat(members.stdout()).isEqualTo(send(AgentProcess.withoutAgent(), "/v2/members?api_key=k-123", 3).stdout());
    }

    @Test
    void withNoEndpointsYetTheAgentRunsAndNamesTheCalls() throws Exception {
        AgentProcess.Result result = send(AgentProcess.withConfig(config("capture: {log_unmatched: true}\n")), "/contacts", 1);

        assertThat(result.agentLines()).hasSize(2).element(1).asString().startsWith("synclog: no endpoint matches POST http://127.0.0.1:");
    }

    @Test
    void withoutTheKeyNothingIsSaid() throws Exception {
        AgentProcess.Result result = send(AgentProcess.withConfig(config("endpoints:\n" + CONTACTS)), "/v2/members", 2);

        assertThat(result.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
    }

    private static final String CONTACTS = "  - match: {host: 127.0.0.1, method: POST, path: /contacts}\n"
            + "    request: {rows: /contacts, row_id: /id}\n";

    private Path config(String rest) throws Exception {
        Path file = work.resolve("synclog.yaml");
        Files.writeString(file, "sync:\n  sync_id: contacts\nqueue:\n  dir: " + work.resolve("queue") + "\n" + rest);
        return file;
    }

    private AgentProcess.Result send(AgentProcess app, String path, int calls) throws Exception {
        return app.run(work, SendApp.class, "jdk", "POST", destination.url(path), "application/json", "-", body.toString(),
                Integer.toString(calls)).assertOk();
    }
}
