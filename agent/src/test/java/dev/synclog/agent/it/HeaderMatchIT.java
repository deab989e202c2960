package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.ApacheHttp4SendApp;
import dev.synclog.agent.it.apps.ApacheSendApp;
import dev.synclog.agent.it.apps.OkHttpSendApp;
import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Operations sharing one {@code POST /}, named only in a request header as AWS's JSON protocols do
 * ({@code X-Amz-Target}), told apart by {@code match.headers} on each client the agent captures (the config spells
 * the header in other cases than the app does: names ignore case): each call goes to its operation's endpoint, an operation no endpoint names is not captured, and the header's value is used for
 * matching only, never written to the queue.
 */
class HeaderMatchIT {
    /** Call n of the app names the n-th. */
    private static final List<String> OPERATIONS = List.of("Members.Add", "Members.Remove", "Members.List");
    private static final String CONFIG = "endpoints:\n"
            + "  - name: members-add\n"
            + "    match: {host: 127.0.0.1, method: POST, path: /, headers: {x-amz-target: Members.Add}}\n"
            + "    request: {rows: /members, row_id: /id, op: added}\n"
            + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n"
            + "  - name: members-remove\n"
            + "    match: {host: 127.0.0.1, method: POST, path: /, headers: {X-AMZ-TARGET: Members.Remove}}\n"
            + "    request: {rows: /members, row_id: /id, op: removed}\n"
            + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n";

    @TempDir
    Path work;
    LoopbackDestination destination;

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        destination.on("/", (request, n) -> Response.json(200, ClientLibraryFixture.RESULTS));
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn", "okhttp", "apache4", "apache5"})
    void theOperationHeaderPicksTheEndpoint(String client) throws Exception {
        Path config = Files.writeString(work.resolve("synclog.yaml"),
                "sync: {sync_id: members}\nqueue: {dir: " + work.resolve("queue") + "}\n" + CONFIG);
        AgentProcess.Result with = send(client, AgentProcess.withConfig(config));
        AgentProcess.Result without = send(client, AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(OPERATIONS.size()).allMatch(l -> l.contains("RESPONSE 200 "));
        assertThat(destination.lastHeader("/", "X-Amz-Target")).as("the app named its last call's operation")
                .isEqualTo("Members.List");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.calls).extracting(CallCompleted::endpoint).containsExactly("members-add", "members-remove");
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "0a added succeeded null {\"id\":\"0a\"} #1", "0b added failed invalid email {\"id\":\"0b\"} #1",
                "1a removed succeeded null {\"id\":\"1a\"} #1", "1b removed failed invalid email {\"id\":\"1b\"} #1");
        for (String operation : OPERATIONS) {
            assertThat(PrivacyIT.filesContaining(work.resolve("queue"), operation)).as("queue files holding " + operation).isEmpty();
        }
    }

    private AgentProcess.Result send(String client, AgentProcess process) throws Exception {
        AgentProcess named = process.jvmOption("-Dsend.operations=" + String.join(",", OPERATIONS));
        String url = destination.url("/");
        String call = client.startsWith("apache") ? "execute:bytes" : "sync";
        String[] args = ClientLibraryFixture.sendArgs(work, url, Collections.nCopies(OPERATIONS.size(), call).toArray(new String[0]));
        return switch (client) {
            case "jdk", "urlconn" -> named.run(work, SendApp.class, client, "POST", url, "application/json", "-", args[2],
                    Integer.toString(OPERATIONS.size())).assertOk();
            case "okhttp" -> onClassPath(named, "okhttp", OkHttpIT.versions()).run(work, OkHttpSendApp.class, args).assertOk();
            case "apache4" -> onClassPath(named, "httpclient4", ApacheHttpClient4IT.versions())
                    .run(work, ApacheHttp4SendApp.class, args).assertOk();
            case "apache5" -> onClassPath(named, "httpclient5", ApacheHttpClient5IT.versions())
                    .run(work, ApacheSendApp.class, args).assertOk();
            default -> throw new IllegalArgumentException(client);
        };
    }

    /** The newest supported version of the library. */
    private static AgentProcess onClassPath(AgentProcess process, String library, List<String> versions) throws Exception {
        return LibraryVersions.onClassPath(process, library, versions.get(versions.size() - 1));
    }
}
