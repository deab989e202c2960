package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.ApacheHttp4SendApp;
import dev.synclog.agent.it.apps.SendGridApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 4 at the oldest and newest supported versions: every execute overload, with and without a
 * response handler, on the builder's client and on the deprecated {@code DefaultHttpClient}, with repeatable,
 * read-once and gzip'd request entities. Each call is recorded once with its exact rows; the app and its handlers
 * get exactly what they get without the agent. Then a version too old, refused in one line, and SendGrid's SDK on
 * top of the library.
 */
class ApacheHttpClient4IT extends ClientLibraryFixture {
    private static final String[] CALLS = {
            "execute:bytes", "execute-context:stream", "execute-host:gzip", "execute-host-context:bytes",
            "handler:bytes", "handler-context:gzip", "handler-host:stream", "handler-host-context:bytes",
            "legacy:stream", "legacy:bytes"};

    ApacheHttpClient4IT() {
        super("httpclient4", versions(), ApacheHttp4SendApp.class, "apache_http_client_4", CALLS);
    }

    static List<String> versions() {
        return LibraryVersions.of("synclog.httpclient4.versions");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyOverloadIsRecordedOnceAndTheAppSeesTheSameResults(String version) throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version);

        assertThat(with.stdout()).as("what the app and its handlers got, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(CALLS.length).allMatch(l -> l.endsWith(" RESPONSE 200 "
                + Base64.getEncoder().encodeToString(RESULTS.getBytes(StandardCharsets.UTF_8))));
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = recorded();
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < CALLS.length; n++) {
            expected.add(n + "a added succeeded null {\"id\":\"" + n + "a\"} #1");
            expected.add(n + "b added failed invalid email {\"id\":\"" + n + "b\"} #1");
        }
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(expected);
        assertThat(events.calls).hasSize(CALLS.length).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.endpoint()).isEqualTo("members");
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
        assertThat(destination.hits(PATH)).isEqualTo(2 * CALLS.length);
    }

    @Test
    void anErrorResponseFailsEveryRowWithItsReasonAndTheAppReadsItWhole() throws Exception {
        destination.on(PATH, (req, n) -> Response.json(400, "{\"error\":{\"message\":\"audience 42 is archived\"}}"));
        String url = destination.url(PATH);
        String[] calls = {"handler:stream", "execute:bytes"};
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, calls);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest(), url, calls);

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains(" RESPONSE 400 ");
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                .containsExactly("0a failed HTTP 400: audience 42 is archived", "0b failed HTTP 400: audience 42 is archived",
                        "1a failed HTTP 400: audience 42 is archived", "1b failed HTTP 400: audience 42 is archived");
        assertThat(events.calls).hasSize(2).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(400));
    }

    @Test
    void aRedirectTheClientFollowsIsOneCallWithTheRowsOnce() throws Exception {
        destination.on(PATH, (req, n) -> Response.redirect(307, destination.url("/v2/members:add")));
        destination.on("/v2/members:add", (req, n) -> Response.json(200, RESULTS));
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), destination.url(PATH), "redirect:bytes");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest(), destination.url(PATH), "redirect:bytes");

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains(" RESPONSE 200 ");
        assertThat(destination.hits("/v2/members:add")).as("the client followed the redirect, with and without").isEqualTo(2);
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "0a added succeeded null {\"id\":\"0a\"} #1", "0b added failed invalid email {\"id\":\"0b\"} #1");
        assertThat(events.calls).singleElement().satisfies(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
    }

    @Test
    void aVersionWithoutCloseableHttpClientIsRefusedInOneLineAndTheAppRunsAsItWould() throws Exception {
        String version = System.getProperty("synclog.httpclient4.unfit.version");
        String url = destination.url(PATH);
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version, url, "legacy:bytes", "legacy:stream");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version, url, "legacy:bytes", "legacy:stream");

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(2).allMatch(l -> l.contains(" RESPONSE 200 "));
        assertThat(with.agentLines()).filteredOn(l -> !l.startsWith("synclog: agent ")).containsExactly(
                "synclog: apache-http-client-4 instrumentation disabled for httpclient-" + version
                        + ": class org.apache.http.impl.client.CloseableHttpClient missing");
        assertThat(recorded().calls).isEmpty();
    }

    /**
     * SendGrid's SDK, configured as docs/configuration.md says: a contacts upsert accepted (202 with a job id), then
     * one refused (400 with SendGrid's error list). The SDK sends a string entity through a response handler.
     */
    @Test
    void sendGridContactUpsertsAreRecordedFromTheSdksCalls() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        destination.on("/v3/marketing/contacts", (req, n) -> {
            received.add(new String(req, StandardCharsets.UTF_8));
            return n % 2 == 1 ? Response.json(202, "{\"job_id\":\"2387e363-4104-4225-8960-4a5758492351\"}")
                    : Response.json(400, "{\"errors\":[{\"field\":\"contacts[1].email\",\"message\":\"email is invalid\"}]}");
        });
        Path body = work.resolve("contacts.json");
        Files.writeString(body, "{\"contacts\":[{\"email\":\"ada{n}@example.com\",\"first_name\":\"Ada\"},"
                + "{\"email\":\"bob{n}@example\",\"first_name\":\"Bob\"}]}");
        Path config = work.resolve("sendgrid.yaml");
        Files.writeString(config, "sync: {sync_id: contacts, destination: sendgrid}\nqueue: {dir: " + work.resolve("queue") + "}\n"
                + "endpoints:\n  - name: sendgrid-contacts-upsert\n    object: contacts\n"
                + "    match: {host: 127.0.0.1, method: PUT, path: /v3/marketing/contacts}\n"
                + "    request: {rows: /contacts, row_id: /email, op: upsert}\n"
                + "    response: {outcome: http_status}\n");
        String host = destination.url("").substring("http://".length());
        String sendgrid = System.getProperty("synclog.sendgrid.version");

        AgentProcess.Result with = LibraryVersions.onClassPath(AgentProcess.withConfig(config), "sendgrid", sendgrid)
                .run(work, SendGridApp.class, host, body.toString(), "2").assertOk();
        List<String> receivedWith = List.copyOf(received);
        AgentProcess.Result without = LibraryVersions.onClassPath(AgentProcess.withoutAgent(), "sendgrid", sendgrid)
                .run(work, SendGridApp.class, host, body.toString(), "2").assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains("upsert 0 202 {\"job_id\"");
        assertThat(receivedWith).as("what SendGrid received, with and without the agent").isEqualTo(received.subList(2, 4));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.opType() + " " + r.status() + " " + r.failureReason())
                .containsExactly("ada0@example.com upsert succeeded null", "bob0@example upsert succeeded null",
                        "ada1@example.com upsert failed HTTP 400: email is invalid", "bob1@example upsert failed HTTP 400: email is invalid");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus())
                .containsExactly("sendgrid-contacts-upsert 202", "sendgrid-contacts-upsert 400");
    }
}
