package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.events.CallRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Each response shape and body encoding, through the real agent in a forked JVM, with the exact rows recorded. */
class OutcomeShapesIT {
    @TempDir
    Path work;
    LoopbackDestination destination;

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    private Path config(String endpoints) throws Exception {
        Path file = work.resolve("synclog.yaml");
        Files.writeString(file, "sync:\n  sync_id: contacts\n  destination: crm\nqueue:\n  dir: " + work.resolve("queue")
                + "\nprivacy: {exclude: [secret]}\nendpoints:\n" + endpoints);
        return file;
    }

    private RecordedEvents send(String client, String method, String path, String contentType, String encoding, byte[] body,
                                String endpoints) throws Exception {
        Path bodyFile = work.resolve("body.bin");
        Files.write(bodyFile, body == null ? new byte[0] : body);
        AgentProcess.Result with = AgentProcess.withConfig(config(endpoints))
                .run(work, SendApp.class, client, method, destination.url(path), dashIfNull(contentType), dashIfNull(encoding),
                        body == null ? "-" : bodyFile.toString())
                .assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent()
                .run(work, SendApp.class, client, method, destination.url(path), dashIfNull(contentType), dashIfNull(encoding),
                        body == null ? "-" : bodyFile.toString())
                .assertOk();
        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.agentLines()).allMatch(line -> line.startsWith("synclog: agent "));
        return RecordedEvents.read(work.resolve("queue"));
    }

    private static String dashIfNull(String s) {
        return s == null ? "-" : s;
    }

    private static List<String> lines(RecordedEvents events) {
        return events.rows.stream().map(RecordedEvents::line).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async", "urlconn"})
    void indexAlignedResults(String client) throws Exception {
        destination.on("/v1/audiences/news/members:add", (req, n) -> Response.json(200,
                "{\"results\":[{\"ok\":true},{\"ok\":false,\"error\":{\"message\":\"invalid email\"}}]}"));
        RecordedEvents events = send(client, "POST", "/v1/audiences/news/members:add", "application/json", null,
                "{\"members\":[{\"id\":\"1\",\"email\":\"a@x.io\",\"secret\":\"hunter2\"},{\"id\":\"2\",\"email\":\"bad\"}]}"
                        .getBytes(StandardCharsets.UTF_8),
                "  - name: audience-add\n    object: members\n"
                        + "    match: {host: 127.0.0.1, method: POST, path: \"/v1/audiences/{audience}/members:add\"}\n"
                        + "    request: {rows: /members, row_id: /id, op: added}\n"
                        + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n");
        assertThat(lines(events)).containsExactly(
                "1 added succeeded null {\"id\":\"1\",\"email\":\"a@x.io\"} #1",
                "2 added failed invalid email {\"id\":\"2\",\"email\":\"bad\"} #1");
        assertThat(events.callEvents).as("the call and its rows in one excerpt").singleElement()
                .isInstanceOf(CallRows.class);
        assertThat(events.calls).singleElement().satisfies(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.rowsSucceeded()).isEqualTo(1);
            assertThat(c.rowsFailed()).isEqualTo(1);
            assertThat(c.endpoint()).isEqualTo("audience-add");
            assertThat(c.destination()).isEqualTo("crm");
        });
        assertThat(events.agents).hasSize(1);
        assertThat(events.runsStarted).singleElement().satisfies(r -> assertThat(r.syncId()).isEqualTo("contacts"));
        assertThat(events.runsFinished).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("succeeded"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void errorsKeyedByRowIdInA207(String client) throws Exception {
        destination.on("/crm/v3/objects/contacts/batch/upsert", (req, n) -> Response.json(207,
                "{\"status\":\"COMPLETE\",\"results\":[],\"errors\":[{\"status\":\"error\",\"message\":\"Property values were not valid\","
                        + "\"context\":{\"id\":[\"c2\"]}}]}"));
        RecordedEvents events = send(client, "POST", "/crm/v3/objects/contacts/batch/upsert", "application/json", null,
                "{\"inputs\":[{\"id\":\"c1\",\"properties\":{\"age\":\"30\"}},{\"id\":\"c2\",\"properties\":{\"age\":\"300\"}}]}"
                        .getBytes(StandardCharsets.UTF_8),
                "  - name: upsert\n    object: contacts\n"
                        + "    match: {host: 127.0.0.1, method: POST, path: /crm/v3/objects/contacts/batch/upsert}\n"
                        + "    request: {rows: /inputs, row_id: /id, fields: /properties, op: upsert}\n"
                        + "    response: {outcome: by_id, items: /errors, id: /context/id, reason: /message}\n");
        assertThat(lines(events)).containsExactly(
                "c1 upsert succeeded null {\"age\":\"30\"} #1",
                "c2 upsert failed Property values were not valid {\"age\":\"300\"} #1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void gzippedNdjsonWithAnErrorListGivingIndexes(String client) throws Exception {
        destination.on("/import", (req, n) -> Response.json(400,
                "{\"code\":400,\"error\":\"some data points in the request failed validation\",\"failed_records\":"
                        + "[{\"index\":1,\"$insert_id\":\"e2\",\"message\":\"'time' is invalid\"}]}"));
        String ndjson = "{\"event\":\"signup\",\"properties\":{\"$insert_id\":\"e1\",\"time\":1}}\n"
                + "{\"event\":\"signup\",\"properties\":{\"$insert_id\":\"e2\",\"time\":-1}}\n";
        RecordedEvents events = send(client, "POST", "/import", "application/x-ndjson", "gzip", gzip(ndjson),
                "  - name: import\n    object: events\n"
                        + "    match: {host: 127.0.0.1, method: POST, path: /import}\n"
                        + "    request: {encoding: ndjson, rows: \"\", row_id: /properties/$insert_id, fields: /properties, op: added}\n"
                        + "    response: {outcome: by_index, items: /failed_records, index: /index, reason: /message}\n");
        assertThat(lines(events)).containsExactly(
                "e1 added succeeded null {\"$insert_id\":\"e1\",\"time\":1} #1",
                "e2 added failed 'time' is invalid {\"$insert_id\":\"e2\",\"time\":-1} #1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void formFieldHoldingBase64JsonAllOrNothingByStatus(String client) throws Exception {
        destination.on("/engage", (req, n) -> Response.json(500, "{\"error\":\"backend unavailable\"}"));
        String json = "[{\"$distinct_id\":\"u1\",\"$operation\":\"set\",\"$set\":{\"plan\":\"pro\"}},"
                + "{\"$distinct_id\":\"u2\",\"$operation\":\"delete\",\"$set\":{}}]";
        String form = "data=" + java.net.URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8) + "&verbose=1";
        RecordedEvents events = send(client, "POST", "/engage", "application/x-www-form-urlencoded", null,
                form.getBytes(StandardCharsets.UTF_8),
                "  - name: engage\n    object: profiles\n"
                        + "    match: {host: 127.0.0.1, method: POST, path: /engage}\n"
                        + "    request: {encoding: form, form_field: data, base64: true, rows: \"\", row_id: /$distinct_id, fields: /$set,\n"
                        + "              op_field: /$operation, op_values: {set: upsert, delete: removed}}\n"
                        + "    response: {outcome: http_status, http_error_reason: /error}\n");
        assertThat(lines(events)).containsExactly(
                "u1 upsert failed HTTP 500: backend unavailable {\"plan\":\"pro\"} #1",
                "u2 removed failed HTTP 500: backend unavailable {} #1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async"})
    void connectionRefusedFailsEveryRowWithTheExceptionClass(String client) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        RecordedEvents events = sendToBrokenServer(client, "http://127.0.0.1:" + closedPort + "/batch");
        assertThat(lines(events)).containsExactly(
                "c1 upsert failed java.net.ConnectException {\"id\":\"c1\"} #1",
                "c2 upsert failed java.net.ConnectException {\"id\":\"c2\"} #1");
        assertThat(events.calls).singleElement().satisfies(c -> assertThat(c.httpStatus()).isZero());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-async", "urlconn"})
    void connectionResetAfterTheRequestFailsEveryRow(String client) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
            Thread resetter = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        socket.setSoTimeout(300);
                        try {
                            socket.getInputStream().read(new byte[65536]);
                        } catch (java.io.IOException readEnough) {
                            // whatever arrived in time is enough: the point is to hang up
                        }
                        socket.setSoLinger(true, 0);
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            resetter.setDaemon(true);
            resetter.start();
            RecordedEvents events = sendToBrokenServer(client, "http://127.0.0.1:" + server.getLocalPort() + "/batch");
            assertThat(events.rows).hasSize(2).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo("failed");
                assertThat(r.failureReason()).startsWith("java.");
            });
            assertThat(events.rows).extracting(r -> r.rowId()).containsExactly("c1", "c2");
            assertThat(events.calls).singleElement().satisfies(c -> assertThat(c.httpStatus()).isZero());
        }
    }

    private RecordedEvents sendToBrokenServer(String client, String url) throws Exception {
        Path bodyFile = work.resolve("body.json");
        Files.writeString(bodyFile, "{\"inputs\":[{\"id\":\"c1\"},{\"id\":\"c2\"}]}");
        String output = AgentProcess.withConfig(config("  - name: upsert\n    match: {host: 127.0.0.1, method: POST, path: /batch}\n"
                        + "    request: {rows: /inputs, row_id: /id, op: upsert}\n    response: {outcome: http_status}\n"))
                .run(work, SendApp.class, client, "POST", url, "application/json", "-", bodyFile.toString())
                .assertOk().stdout();
        assertThat(output).startsWith("ERROR java.");
        return RecordedEvents.read(work.resolve("queue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void pathVariableIsTheRowIdForSingleObjectCalls(String client) throws Exception {
        destination.on("/v1/customers/cus_42", (req, n) -> Response.json(402, "{\"error\":{\"message\":\"card declined\"}}"));
        RecordedEvents events = send(client, "POST", "/v1/customers/cus_42", "application/x-www-form-urlencoded", null,
                "plan=pro&secret=hunter2".getBytes(StandardCharsets.UTF_8),
                "  - name: customer\n    object: customers\n"
                        + "    match: {host: 127.0.0.1, method: POST, path: \"/v1/customers/{id}\"}\n"
                        + "    request: {encoding: form, rows: whole_body, row_id_from_path: id, op: changed}\n"
                        + "    response: {outcome: http_status, http_error_reason: /error/message}\n");
        assertThat(lines(events)).containsExactly("cus_42 changed failed HTTP 402: card declined {\"plan\":\"pro\"} #1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void aBodyOverTheCaptureCapIsACallLevelResultAndReachesTheAppWhole(String client) throws Exception {
        destination.on("/batch", (req, n) -> Response.json(200, "{\"received\":" + req.length + "}"));
        StringBuilder rows = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < 200; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"note\":\"").append("x".repeat(40)).append("\"}");
        }
        byte[] body = rows.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        RecordedEvents events = send(client, "POST", "/batch", "application/json", null, body,
                "  - name: batch\n    match: {host: 127.0.0.1, method: POST, path: /batch}\n"
                        + "    request: {rows: /rows, row_id: /id, op: added}\n    response: {outcome: http_status}\n"
                        + "capture:\n  max_body_size: 1KiB\n");
        assertThat(events.rows).isEmpty();
        assertThat(events.calls).singleElement().satisfies(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.error()).contains("capture cap").contains("capture.max_body_size");
        });
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
