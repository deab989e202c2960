package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synclog.agent.capture.BodyCopy;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.fuzz.Hostile;
import dev.synclog.events.RowStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of generated calls per outcome shape, most of them damaged (see {@link Hostile}), through the
 * interpreter. Whatever arrives, a call ends in row results or a call error that explains it, never in the
 * catch-all; intact calls give exactly the rows and statuses the generator meant; protected values never come out.
 * The seed is printed; {@code -Dsynclog.fuzz.seed=N} replays it, {@code -Dsynclog.fuzz.calls=N} runs more.
 */
class CallInterpreterFuzzTest {
    private static final long SEED = Long.getLong("synclog.fuzz.seed", 20261125L);
    private static final int CALLS = Integer.getInteger("synclog.fuzz.calls", 1000);
    private static final int CAP = 64 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The names of the named-rows shape's values, as its intact request writes them. */
    private static final String SCHEMA = "\"schema\":[\"user_id\",\"email\",\"secret\",\"phone\",\"plan\"]";
    private static final String PRIVACY = "privacy: {exclude: [secret], hash: [email], mask: [phone]}\n";

    private final CallInterpreter interpreter = new CallInterpreter(CAP);

    /** A generated row: its id, whether the destination accepts it, and the values privacy must hide. */
    record Row(String id, boolean ok, String secret, String email, String phone) {
    }

    /** One endpoint shape: its config, a valid request and response for given rows, and how the request goes on the wire. */
    record Shape(String name, String endpointYaml, String url, String requestEncoding, Function<List<Row>, JsonNode> request,
                 Function<JsonNode, byte[]> encode, Function<List<Row>, Reply> response) {
        /** Every row shares the call's fate when one fails (an error list that names some refuses the batch whole). */
        boolean allOrNothing() {
            return endpointYaml.contains("outcome: http_status") || endpointYaml.contains("unlisted: http_status");
        }

        /** Per-row results read from error lists, from the response's tree, never as items. */
        boolean errorLists() {
            return endpointYaml.contains("error_lists:");
        }

        /** The request goes as JSON text, neither compressed nor wrapped. */
        boolean plainJsonRequest() {
            return requestEncoding == null && !endpointYaml.contains("encoding:") && !endpointYaml.contains("compression:");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The status and body a destination sends. */
    record Reply(int status, JsonNode body) {
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape("index-aligned results", ""
                        + "  - match: {path: /members}\n"
                        + "    request: {rows: /members, row_id: /id, op: added}\n"
                        + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n",
                        "http://dest/members", null,
                        rows -> NODES.objectNode().set("members", each(rows, r -> row(r, "id"))), Hostile::bytes,
                        rows -> new Reply(200, NODES.objectNode().set("results", each(rows, r -> r.ok()
                                ? NODES.objectNode().put("ok", true)
                                : NODES.objectNode().put("ok", false).set("error", NODES.objectNode().put("message", echo(r))))))),
                new Shape("results at the root in order, an error status read alone", ""
                        + "  - match: {path: /composite/sobjects}\n"
                        + "    request: {rows: /records, row_id: /External_Id__c, op: upsert}\n"
                        + "    response: {outcome: index_aligned, items: '', success: /success, reason: /errors/0/message,"
                        + " http_error_reason: /0/message, items_on_error_status: false}\n",
                        "http://dest/composite/sobjects", null,
                        rows -> NODES.objectNode().put("allOrNone", false).set("records", each(rows, r -> row(r, "External_Id__c"))),
                        Hostile::bytes,
                        rows -> new Reply(200, each(rows, r -> r.ok()
                                ? NODES.objectNode().put("success", true).set("errors", NODES.arrayNode())
                                : NODES.objectNode().put("success", false).set("errors",
                                        NODES.arrayNode().add(NODES.objectNode().put("message", echo(r))))))),
                new Shape("errors by id in a list", ""
                        + "  - match: {path: /upsert}\n"
                        + "    request: {rows: /inputs, row_id: /id, fields: /properties, op: upsert}\n"
                        + "    response: {outcome: by_id, items: /errors, id: /context/id, reason: /message}\n",
                        "http://dest/upsert", null,
                        rows -> NODES.objectNode().set("inputs", each(rows, r -> NODES.objectNode().put("id", r.id())
                                .set("properties", row(r, "id")))), Hostile::bytes,
                        rows -> new Reply(rows.stream().allMatch(Row::ok) ? 200 : 207, NODES.objectNode().put("status", "COMPLETE")
                                .set("errors", each(failing(rows), r -> NODES.objectNode().put("message", echo(r))
                                        .set("context", NODES.objectNode().set("id", NODES.arrayNode().add(r.id()))))))),
                new Shape("results keyed by id", ""
                        + "  - match: {path: /users}\n"
                        + "    request: {rows: /users, row_id: /user_id}\n"
                        + "    response: {outcome: by_id, items: /results, success: /ok, reason: /error, unlisted: failed}\n",
                        "http://dest/users", null,
                        rows -> NODES.objectNode().set("users", each(rows, r -> row(r, "user_id"))), Hostile::bytes,
                        rows -> {
                            ObjectNode results = NODES.objectNode();
                            rows.forEach(r -> results.set(r.id(), r.ok() ? NODES.objectNode().put("ok", true)
                                    : NODES.objectNode().put("ok", false).put("error", echo(r))));
                            return new Reply(200, NODES.objectNode().set("results", results));
                        }),
                new Shape("gzipped NDJSON with failed indexes", ""
                        + "  - match: {path: /import}\n"
                        + "    request: {encoding: ndjson, rows: '', row_id: /properties/$insert_id, fields: /properties, op: added}\n"
                        + "    response: {outcome: by_index, items: /failed_records, index: /index, reason: /message,"
                        + " http_error_reason: /error}\n",
                        "http://dest/import", "gzip",
                        rows -> each(rows, r -> NODES.objectNode().put("event", "signup").set("properties", row(r, "$insert_id"))),
                        CallInterpreterFuzzTest::gzippedNdjson,
                        rows -> {
                            ArrayNode failed = NODES.arrayNode();
                            for (int i = 0; i < rows.size(); i++) {
                                if (!rows.get(i).ok()) {
                                    failed.add(NODES.objectNode().put("index", i).put("message", echo(rows.get(i))));
                                }
                            }
                            return failed.isEmpty() ? new Reply(200, NODES.objectNode().put("code", 200))
                                    : new Reply(400, NODES.objectNode().put("code", 400).put("error", "some records failed")
                                            .set("failed_records", failed));
                        }),
                new Shape("gzipped _bulk, items named by their action", ""
                        + "  - match: {path: /_bulk}\n"
                        + "    request: {encoding: bulk, rows: '', row_id: /meta/_id, fields: /document, op_field: /action,"
                        + " op_values: {index: upsert, create: added}}\n"
                        + "    response: {outcome: index_aligned, items: /items, error: /*/error, reason: /*/error/reason,"
                        + " http_error_reason: /error/reason}\n",
                        "http://dest/_bulk", "gzip",
                        rows -> {
                            ArrayNode lines = NODES.arrayNode();
                            rows.forEach(r -> lines.add(NODES.objectNode().set(r.ok() ? "index" : "create",
                                    NODES.objectNode().put("_index", "users").put("_id", r.id()))).add(row(r, "user_id")));
                            return lines;
                        },
                        CallInterpreterFuzzTest::gzippedNdjson,
                        rows -> new Reply(200, NODES.objectNode().put("errors", !failing(rows).isEmpty()).set("items",
                                each(rows, r -> NODES.objectNode().set(r.ok() ? "index" : "create", r.ok()
                                        ? NODES.objectNode().put("_id", r.id()).put("status", 200)
                                        : NODES.objectNode().put("_id", r.id()).put("status", 409).set("error",
                                                NODES.objectNode().put("type", "version_conflict").put("reason", echo(r)))))))),
                new Shape("form field holding base64 JSON, all or nothing", ""
                        + "  - match: {path: /engage}\n"
                        + "    request: {encoding: form, form_field: data, base64: true, rows: '', row_id: /$distinct_id, fields: /$set}\n"
                        + "    response: {outcome: http_status}\n",
                        "http://dest/engage", null,
                        rows -> each(rows, r -> NODES.objectNode().put("$distinct_id", r.id()).set("$set", row(r, "$distinct_id"))),
                        tree -> ("verbose=1&data=" + URLEncoder.encode(Base64.getEncoder().encodeToString(Hostile.bytes(tree)),
                                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                        rows -> failing(rows).isEmpty() ? new Reply(200, NODES.objectNode().put("status", 1))
                                : new Reply(400, NODES.objectNode().put("status", 0).put("error", echo(failing(rows).get(0))))),
                new Shape("form field of rows named by a schema, sampled errors keyed by id", ""
                        + "  - match: {path: /users}\n"
                        + "    request: {encoding: form, form_field: payload, rows: /data, field_names: /schema, row_id: /user_id}\n"
                        + "    response: {outcome: by_id, items: /invalid_entry_samples, reason: ''}\n",
                        "http://dest/v23.0/6100/users", null,
                        rows -> {
                            ArrayNode data = each(rows, r -> NODES.arrayNode().add(r.id()).add(r.email()).add(r.secret())
                                    .add(r.phone()).add("pro"));
                            ObjectNode payload = NODES.objectNode();
                            payload.set("schema", parse(SCHEMA.substring("\"schema\":".length()).getBytes(StandardCharsets.UTF_8)));
                            return payload.set("data", data);
                        },
                        tree -> ("access_token=tok&payload=" + URLEncoder.encode(new String(Hostile.bytes(tree),
                                StandardCharsets.UTF_8), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                        rows -> {
                            ObjectNode samples = NODES.objectNode();
                            failing(rows).forEach(r -> samples.put(r.id(), echo(r)));
                            return new Reply(200, NODES.objectNode().put("audience_id", "6100").put("num_received", rows.size())
                                    .put("num_invalid_entries", samples.size()).set("invalid_entry_samples", samples));
                        }),
                new Shape("index lists grouped by reason, a batch refused whole", ""
                        + "  - match: {path: /2/httpapi}\n"
                        + "    request: {rows: /events, row_id: /insert_id, op: added}\n"
                        + "    response: {outcome: by_index, error_lists: [/events_with_invalid_fields, /rejected_events],"
                        + " unlisted: http_status, http_error_reason: /error}\n",
                        "http://dest/2/httpapi", null,
                        rows -> NODES.objectNode().put("api_key", "k").set("events", each(rows, r -> row(r, "insert_id"))),
                        Hostile::bytes,
                        rows -> {
                            ArrayNode invalid = NODES.arrayNode();
                            ArrayNode rejected = NODES.arrayNode();
                            for (int i = 0; i < rows.size(); i++) {
                                if (!rows.get(i).ok()) {
                                    (i % 2 == 0 ? invalid : rejected).add(i);
                                }
                            }
                            if (invalid.isEmpty() && rejected.isEmpty()) {
                                return new Reply(200, NODES.objectNode().put("code", 200).put("events_ingested", rows.size()));
                            }
                            ObjectNode body = NODES.objectNode().put("code", 400).put("error", "some events rejected");
                            body.set("events_with_invalid_fields", NODES.objectNode().set("rejected_time", invalid));
                            return new Reply(400, body.set("rejected_events", rejected));
                        }),
                new Shape("id lists grouped by reason", ""
                        + "  - match: {path: /api/users/bulkUpdate}\n"
                        + "    request: {rows: /users, row_id: /userId, fields: /dataFields, op: upsert}\n"
                        + "    response: {outcome: by_id, error_lists: [/rejectedUserIds, /failedUpdates]}\n",
                        "http://dest/api/users/bulkUpdate", null,
                        rows -> NODES.objectNode().set("users", each(rows, r -> NODES.objectNode().put("userId", r.id())
                                .set("dataFields", row(r, "userId")))), Hostile::bytes,
                        rows -> {
                            ArrayNode rejected = NODES.arrayNode();
                            ArrayNode notFound = NODES.arrayNode();
                            List<Row> failing = failing(rows);
                            for (int i = 0; i < failing.size(); i++) {
                                (i % 2 == 0 ? rejected : notFound).add(failing.get(i).id());
                            }
                            ObjectNode body = NODES.objectNode().put("successCount", rows.size() - failing.size())
                                    .put("failCount", failing.size());
                            body.set("rejectedUserIds", rejected);
                            return new Reply(200, body.set("failedUpdates", NODES.objectNode().set("rejectedNotFound", notFound)));
                        }),
                new Shape("gzipped JSON, errors by id", ""
                        + "  - match: {path: /contacts}\n"
                        + "    request: {rows: /contacts, row_id: /id, compression: gzip}\n"
                        + "    response: {outcome: by_id, items: /errors, id: /id, reason: /message}\n",
                        "http://dest/contacts", null,
                        rows -> NODES.objectNode().set("contacts", each(rows, r -> row(r, "id"))),
                        tree -> Hostile.gzip(Hostile.bytes(tree)),
                        rows -> new Reply(200, NODES.objectNode().set("errors", each(failing(rows),
                                r -> NODES.objectNode().put("id", r.id()).put("message", echo(r)))))));
    }

    private static List<Row> failing(List<Row> rows) {
        return rows.stream().filter(r -> !r.ok()).toList();
    }

    /** One line per element of the array (whatever a mutation made of it), gzipped. */
    private static byte[] gzippedNdjson(JsonNode lines) {
        StringBuilder ndjson = new StringBuilder();
        if (lines.isArray()) {
            lines.forEach(line -> ndjson.append(new String(Hostile.bytes(line), StandardCharsets.UTF_8)).append('\n'));
        } else {
            ndjson.append(new String(Hostile.bytes(lines), StandardCharsets.UTF_8));
        }
        return Hostile.gzip(ndjson.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** APIs like to echo the offending value back; privacy must scrub it from the reason. */
    private static String echo(Row row) {
        return "value " + row.secret() + " rejected for " + row.email() + " / " + row.phone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyCallEndsExplainedAndIntactCallsExactly(Shape shape) {
        EndpointRule rule = Calls.rule(PRIVACY + "endpoints:\n" + shape.endpointYaml());
        long shapeSeed = SEED ^ shape.name().hashCode();
        System.out.println("CallInterpreterFuzzTest " + shape + ": seed " + SEED + " (-Dsynclog.fuzz.seed), " + CALLS + " calls");
        Map<String, Integer> mutationsSeen = new LinkedHashMap<>();
        int readAsBytes = 0;
        int responsesReadAsBytes = 0;
        for (int n = 0; n < CALLS; n++) {
            long caseSeed = shapeSeed + n;
            Case c = generate(shape, new Hostile(new Random(caseSeed)));
            c.mutations().forEach(m -> mutationsSeen.merge(kind(m), 1, Integer::sum));
            CallInterpretation result = interpreter.interpret(rule, c.record());
            try {
                check(c, result);
                assertThat(interpreter.interpret(rule, c.record())).as("the same call interpreted again").isEqualTo(result);
                readAsBytes += readsAsBytesAsItWouldDecoded(rule, c.record()) ? 1 : 0;
                responsesReadAsBytes += !shape.errorLists() && responseReadsAsBytesAsItWouldDecoded(rule, c.record()) ? 1 : 0;
            } catch (AssertionError e) {
                throw new AssertionError("shape '" + shape + "', case " + n + " (seed " + SEED + "), mutations " + c.mutations()
                        + ", status " + c.record().status + ", error " + c.record().error + "\nrequest: " + excerpt(c.record().requestBody)
                        + "\nresponse: " + excerpt(c.record().responseBody) + "\nresult: " + result + "\n" + e.getMessage(), e);
            }
        }
        System.out.println("CallInterpreterFuzzTest " + shape + ": mutations exercised " + mutationsSeen + "; " + readAsBytes
                + " ASCII request bodies and " + responsesReadAsBytes + " ASCII response bodies read as bytes");
        if (shape.plainJsonRequest()) {
            assertThat(readAsBytes).as("ASCII JSON bodies compared, bytes against chars").isGreaterThan(CALLS / 20);
        }
        if (!shape.errorLists()) {
            assertThat(responsesReadAsBytes).as("ASCII responses compared, bytes against chars").isGreaterThan(CALLS / 20);
        }
    }

    /**
     * An ASCII body is parsed as its bytes ({@link JsonText}); every other body is decoded to characters first. For
     * the same ASCII body, damaged or not, both must give the same rows, fields, problem or error message.
     *
     * @return false when the body is not ASCII, and nothing was compared
     */
    private static boolean readsAsBytesAsItWouldDecoded(EndpointRule rule, CallRecord call) {
        int length = call.requestBody == null ? 0 : call.requestBodyLength;
        JsonText asBytes = JsonText.ofUtf8(call.requestBody, length, "request body");
        if (asBytes.ascii() == null) {
            return false;
        }
        JsonText asChars = JsonText.of(new String(call.requestBody, 0, length, StandardCharsets.US_ASCII), "request body");
        assertThat(extracted(rule, call, asBytes)).as("rows read from the bytes").isEqualTo(extracted(rule, call, asChars));
        return true;
    }

    /** The same for a response's per-row results, when the body is plain (not compressed) ASCII. */
    private static boolean responseReadsAsBytesAsItWouldDecoded(EndpointRule rule, CallRecord call) {
        int length = call.responseBody == null ? 0 : Math.min(call.responseBodyLength, call.responseBody.length);
        if (length < 2 || call.responseContentEncoding != null || call.responseBody[0] == 0x1f) {
            return false;
        }
        JsonText asBytes = JsonText.ofUtf8(call.responseBody, length, "response body");
        if (asBytes.ascii() == null) {
            return false;
        }
        JsonText asChars = JsonText.of(new String(call.responseBody, 0, length, StandardCharsets.US_ASCII), "response body");
        assertThat(itemsRead(rule, asBytes)).as("per-row results read from the bytes").isEqualTo(itemsRead(rule, asChars));
        return true;
    }

    private static String itemsRead(EndpointRule rule, JsonText text) {
        try {
            ResponseItems items = ResponseItems.read(text, rule.response(), 0);
            StringBuilder out = new StringBuilder(items.kind().toString());
            for (ResponseItems.Item item : items.items()) {
                out.append('\n').append(List.of(String.valueOf(item.key()), item.id(), item.index(), item.success(),
                        item.error(), item.reason(), item.compact()));
            }
            return out.toString();
        } catch (UnreadableCallException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String extracted(EndpointRule rule, CallRecord call, JsonText text) {
        try {
            return RowExtractor.extract(text, rule.request(), rule.pathVariables(call.uri), new FieldPrivacy(rule.privacy()))
                    .toString();
        } catch (UnreadableCallException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** A mutation without its values, for the tally: {@code request: field '…' set to 1E+605} is {@code request: field set}. */
    private static String kind(String mutation) {
        return mutation.replaceAll(" '[^']*'", "").replaceAll("(set to|added:|became|by|Encoding) .*", "$1").replaceAll("\\d+", "N");
    }

    /** A generated call: the record as the instrumentation hands it over, and what the generator meant. */
    record Case(Shape shape, CallRecord record, String requestJson, List<Row> rows, boolean requestIntact, boolean responseIntact, boolean bytesOfRequestIntact,
                List<String> mutations) {
    }

    private static Case generate(Shape shape, Hostile hostile) {
        Random random = hostile.random();
        List<Row> rows = new ArrayList<>();
        for (int i = 0, n = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(8); i < n; i++) {
            rows.add(new Row(rowId(hostile, i), random.nextInt(3) > 0, "zqsecret" + token(random, 10),
                    "zqmail" + token(random, 8) + "@example.com", "zqphone" + token(random, 8)));
        }
        List<String> mutations = new ArrayList<>();
        JsonNode requestTree = shape.request().apply(rows);
        List<String> treeMutation = List.of();
        if (random.nextInt(4) == 0) {
            Hostile.Tree mutated = hostile.mutateTree(requestTree);
            requestTree = mutated.tree();
            treeMutation = List.of(mutated.mutation());
        }
        Hostile.Body request = new Hostile.Body(shape.encode().apply(requestTree), treeMutation);
        boolean bytesOfRequestIntact = true;
        if (random.nextInt(5) == 0) {
            request = hostile.mutateBytes(request, CAP);
            bytesOfRequestIntact = false;
        }
        mutations.addAll(request.mutations().stream().map(m -> "request: " + m).toList());

        Reply reply = shape.response().apply(rows);
        Hostile.Body response = new Hostile.Body(Hostile.bytes(reply.body()), List.of());
        if (random.nextInt(3) == 0) {
            Hostile.Tree mutated = hostile.mutateTree(reply.body());
            response = new Hostile.Body(Hostile.bytes(mutated.tree()), List.of(mutated.mutation()));
        }
        if (random.nextInt(3) == 0) {
            response = hostile.mutateBytes(response, CAP);
        }
        mutations.addAll(response.mutations().stream().map(m -> "response: " + m).toList());

        CallRecord call = Calls.call("POST", shape.url(), (byte[]) null, reply.status(), null);
        call.requestContentEncoding = shape.requestEncoding();
        int status = reply.status();
        Throwable error = null;
        switch (random.nextInt(12)) {
            case 0 -> status = new int[] {0, 100, 204, 301, 404, 429, 500, 503, 599, 999}[random.nextInt(10)];
            case 1 -> error = random.nextBoolean() ? new ConnectException("Connection refused") : new HttpTimeoutException("request timed out");
            case 2 -> call.responseContentEncoding = new String[] {"gzip", "br", "deflate", "identity", " GZIP "}[random.nextInt(5)];
            default -> { }
        }
        if (status != reply.status()) {
            mutations.add("status " + reply.status() + " became " + status);
        }
        if (error != null) {
            mutations.add("transport error " + error);
        }
        if (call.responseContentEncoding != null) {
            mutations.add("response says Content-Encoding " + call.responseContentEncoding);
        }
        call.status = error == null ? status : 0;
        call.error = error;
        call.bodies(copy(request.bytes()), copy(error == null ? response.bytes() : new byte[0]));
        boolean responseIntact = response.intact() && status == reply.status() && error == null && call.responseContentEncoding == null;
        return new Case(shape, call, new String(Hostile.bytes(requestTree), StandardCharsets.UTF_8), rows, request.intact(), responseIntact, bytesOfRequestIntact, mutations);
    }

    /** The body as the capture would hold it: through a capped copy, as the instrumentations do. */
    private static BodyCopy copy(byte[] bytes) {
        BodyCopy copy = new BodyCopy(CAP);
        copy.append(bytes, 0, bytes.length);
        return copy;
    }

    private void check(Case c, CallInterpretation result) {
        assertThat(result.callError()).as("call error").satisfiesAnyOf(
                e -> assertThat(e).isNull(),
                e -> assertThat(e).doesNotStartWith("synclog could not interpret this call").isNotBlank()
                        .doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(Reasons.MAX_CALL_ERROR_CHARS));
        for (RowOutcome row : result.rows()) {
            assertThat(row.status()).isIn(RowStatus.SUCCEEDED, RowStatus.FAILED);
            if (row.status() == RowStatus.FAILED) {
                assertThat(row.failureReason()).as("reason of failed row " + row.rowId()).isNotBlank()
                        .doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(Reasons.MAX_REASON_CHARS);
                assertThat(wellFormed(row.failureReason())).as("reason is well-formed UTF-16: " + row.failureReason()).isTrue();
            } else {
                assertThat(row.failureReason()).as("reason of succeeded row").isNull();
            }
            assertThat(row.rowId()).isNotEmpty();
            assertThat(parse(row.fieldsJson().getBytes(StandardCharsets.UTF_8))).as("fields are JSON").isNotNull();
        }
        if (result.callError() != null) {
            assertThat(wellFormed(result.callError())).as("call error is well-formed UTF-16").isTrue();
        }
        // A byte changed inside an echoed value makes it another value: nothing could know to hide that.
        if (c.bytesOfRequestIntact() && c.mutations().stream().noneMatch(m -> m.contains("random bytes overwritten"))) {
            assertNothingProtectedComesOut(c, result);
        }
        if (c.requestIntact()) {
            assertThat(result.rows()).extracting(RowOutcome::rowId).as("row ids of an intact request")
                    .containsExactlyElementsOf(c.rows().stream().map(Row::id).toList());
            if (c.rows().isEmpty()) {
                return;
            }
            if (c.responseIntact()) {
                assertThat(result.rows()).extracting(r -> r.rowId() + " " + r.status()).as("statuses of an intact call")
                        .containsExactlyElementsOf(c.rows().stream()
                                .map(r -> r.id() + " " + (succeeds(c, r) ? RowStatus.SUCCEEDED : RowStatus.FAILED)).toList());
                if (!failing(c.rows()).isEmpty()) {
                    assertThat(result.rows()).filteredOn(r -> r.status() == RowStatus.FAILED)
                            .allSatisfy(r -> assertThat(r.failureReason()).contains("rejected"));
                }
            }
        }
    }

    /** All-or-nothing fails good rows along with a bad one; other shapes judge each row. */
    private static boolean succeeds(Case c, Row row) {
        return c.shape().allOrNothing() ? failing(c.rows()).isEmpty() : row.ok();
    }

    private static void assertNothingProtectedComesOut(Case c, CallInterpretation result) {
        StringBuilder everything = new StringBuilder(String.valueOf(result.callError()));
        result.rows().forEach(r -> everything.append('\n').append(r.rowId()).append('\n').append(r.fieldsJson())
                .append('\n').append(r.failureReason()));
        String out = everything.toString();
        // The values' random parts are upper-case letters, so only upper-case runs in the output can hold a piece of one.
        List<String> upperCaseRuns = java.util.regex.Pattern.compile("[A-Z]{5,}").matcher(out).results()
                .map(java.util.regex.MatchResult::group).toList();
        for (Row row : c.rows()) {
            for (String value : List.of(row.secret(), row.email(), row.phone())) {
                if (!c.requestJson().contains(value)) {
                    continue; // a mutation removed it from the request, so the agent cannot know to protect it
                }
                if (c.shape().endpointYaml().contains("field_names") && !c.requestJson().contains(SCHEMA)) {
                    continue; // a mutation changed the names, which are what privacy rules go by
                }
                // Any 5 letters of the value's random part: a reason cut in the middle of an echoed value must not leak its start.
                String random = value.replaceAll("^zq(secret|mail|phone)|@example\\.com$", "");
                for (int i = 0; i + 5 <= random.length(); i++) {
                    String piece = random.substring(i, i + 5);
                    if (upperCaseRuns.stream().anyMatch(run -> run.contains(piece))) {
                        throw new AssertionError("output holds '" + piece + "' of protected value " + value + ": " + out);
                    }
                }
            }
        }
    }

    /** A row's fields with its id, including values that privacy must exclude, hash and mask (also nested). */
    private static ObjectNode row(Row r, String idName) {
        ObjectNode fields = NODES.objectNode().put(idName, r.id()).put("email", r.email()).put("secret", r.secret())
                .put("phone", r.phone()).put("plan", "pro").put("score", 1.5);
        fields.set("profile", NODES.objectNode().put("secret", r.secret()).put("city", "Zürich"));
        return fields;
    }

    private static <T> ArrayNode each(List<T> items, Function<T, JsonNode> toNode) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(item -> array.add(toNode.apply(item)));
        return array;
    }

    /** Distinct per position; sometimes numeric-looking, sometimes non-ASCII. */
    private static String rowId(Hostile hostile, int position) {
        return switch (hostile.random().nextInt(4)) {
            case 0 -> Integer.toString(1000 + position);
            case 1 -> "id-" + hostile.unicode(3).replaceAll("[\\p{Cntrl}\\s\\u2028]", "_") + "-" + position;
            default -> "u" + position + "-" + token(hostile.random(), 6).toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Upper-case letters: no field name, hash or reason wording can hold five of them by chance. */
    private static String token(Random random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((char) ('A' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Hostile.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage(), e);
        }
    }

    /** No lone surrogate: a cut between the two halves of an emoji would write broken text downstream. */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    private static String excerpt(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.UTF_8);
        return text + (bytes.length > 600 ? "… (" + bytes.length + " bytes)" : "");
    }
}
