package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.ApacheHttp4SendApp;
import dev.synclog.agent.it.apps.SendGridApp;
import dev.synclog.events.CallCompleted;
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
        assertEachDefaultCallRecordedOnce(version);
    }

    @Test
    void anErrorResponseFailsEveryRowWithItsReasonAndTheAppReadsItWhole() throws Exception {
        assertAnErrorResponseFailsEveryRow("handler:stream", "execute:bytes");
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

    /**
     * The deprecated wrappers, as agent.md describes them: a gzip'd response {@code DecompressingHttpClient} inflates,
     * and a 503 that {@code AutoRetryHttpClient} retries, each try a call of its own.
     */
    @Test
    void callsThroughTheDeprecatedWrappersAreCapturedThroughTheClientTheyWrap() throws Exception {
        Response gzipped = new Response(200, "application/json", gzip(RESULTS)).withHeader("Content-Encoding", "gzip");
        destination.on(PATH, (req, n) -> n % 3 == 2 ? new Response(503, "text/plain", "busy".getBytes(StandardCharsets.US_ASCII)) : gzipped);
        String url = destination.url(PATH);
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, "decompressing:bytes", "autoretry:bytes");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest(), url, "decompressing:bytes", "autoretry:bytes");

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(2).allMatch(l -> l.endsWith(" RESPONSE 200 "
                + Base64.getEncoder().encodeToString(RESULTS.getBytes(StandardCharsets.UTF_8))));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "0a added succeeded null {\"id\":\"0a\"} #1", "0b added failed invalid email {\"id\":\"0b\"} #1",
                "1a added failed HTTP 503: busy {\"id\":\"1a\"} #1", "1b added failed HTTP 503: busy {\"id\":\"1b\"} #1",
                "1a added succeeded null {\"id\":\"1a\"} #2", "1b added failed invalid email {\"id\":\"1b\"} #2");
        assertThat(events.calls).extracting(CallCompleted::httpStatus).containsExactly(200, 503, 200);
    }

    @Test
    void aRefusedConnectionFailsEveryRowOfARepeatableEntity() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackDestination.closedPort() + PATH;
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, "execute:bytes", "handler:stream");

        assertThat(with.stdout().lines()).containsExactly("execute:bytes ERROR org.apache.http.conn.HttpHostConnectException",
                "handler:stream ERROR org.apache.http.conn.HttpHostConnectException");
        RecordedEvents events = recorded();
        // A read-once entity the client never got to read has no rows to record: the call has the error.
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " "
                        + r.failureReason().startsWith("org.apache.http.conn.HttpHostConnectException"))
                .containsExactly("0a failed true", "0b failed true");
        assertThat(events.calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.httpStatus()).isZero();
            assertThat(c.error()).contains("org.apache.http.conn.HttpHostConnectException");
        });
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
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
                        + ": class org.apache.http.impl.client.CloseableHttpClient missing; calls through it are not recorded."
                        + " Fix: use Apache HttpClient 4.3 to 4.5, or set capture.instrumentation.apache_http_client_4: false"
                        + " to silence this line");
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
