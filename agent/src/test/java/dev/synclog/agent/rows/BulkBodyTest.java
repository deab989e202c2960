package dev.synclog.agent.rows;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.synclog.agent.rows.Calls.call;
import static dev.synclog.agent.rows.Calls.gzip;
import static dev.synclog.agent.rows.Calls.rule;
import static dev.synclog.events.OpType.ADDED;
import static dev.synclog.events.OpType.CHANGED;
import static dev.synclog.events.OpType.REMOVED;
import static dev.synclog.events.OpType.UPSERT;
import static dev.synclog.events.RowStatus.FAILED;
import static dev.synclog.events.RowStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code encoding: bulk}: an Elasticsearch {@code _bulk} body read as a row an action, with its per-item results read
 * through {@code *} pointers, by the interpreter as a captured call is.
 */
class BulkBodyTest {
    private static final String URL = "http://search.example.com:9200/_bulk";
    private final CallInterpreter interpreter = new CallInterpreter(1 << 20);

    private static EndpointRule bulkRule(String response) {
        return rule("endpoints:\n"
                + "  - match: {host: search.example.com, method: POST, path: /_bulk}\n"
                + "    request: {encoding: bulk, rows: '', row_id: /meta/_id, fields: /document, op_field: /action,\n"
                + "              op_values: {index: upsert, create: added, update: changed, delete: removed}}\n"
                + "    response: " + response + "\n");
    }

    private static final EndpointRule ERROR_TEST = bulkRule("{outcome: index_aligned, items: /items, error: /*/error,"
            + " reason: /*/error/reason, http_error_reason: /error/reason}");

    private static final String BODY = ""
            + "{\"index\":{\"_index\":\"users\",\"_id\":\"42\"}}\n"
            + "{\"email\":\"a@x\",\"plan\":\"pro\"}\n"
            + "{\"delete\":{\"_index\":\"users\",\"_id\":\"7\"}}\n"
            + "{\"update\":{\"_index\":\"users\",\"_id\":\"9\"}}\n"
            + "{\"doc\":{\"plan\":\"free\"},\"doc_as_upsert\":true}\n"
            + "{\"create\":{\"_index\":\"users\",\"_id\":\"11\"}}\n"
            + "{\"email\":\"c@x\"}\n";

    private static final String RESPONSE = "{\"took\":3,\"errors\":true,\"items\":[\n"
            + " {\"index\":{\"_index\":\"users\",\"_id\":\"42\",\"status\":200,\"result\":\"updated\"}},\n"
            + " {\"delete\":{\"_index\":\"users\",\"_id\":\"7\",\"status\":404,\"result\":\"not_found\"}},\n"
            + " {\"update\":{\"_index\":\"users\",\"_id\":\"9\",\"status\":400,\"error\":{\"type\":\"document_parsing_exception\","
            + "\"reason\":\"failed to parse field [plan]\"}}},\n"
            + " {\"create\":{\"_index\":\"users\",\"_id\":\"11\",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\","
            + "\"reason\":\"[11]: version conflict, document already exists\"}}}]}";

    private static final List<RowOutcome> EXPECTED = List.of(
            new RowOutcome("42", UPSERT, SUCCEEDED, null, "{\"email\":\"a@x\",\"plan\":\"pro\"}"),
            new RowOutcome("7", REMOVED, SUCCEEDED, null, "{}"),
            new RowOutcome("9", CHANGED, FAILED, "failed to parse field [plan]", "{\"doc\":{\"plan\":\"free\"},\"doc_as_upsert\":true}"),
            new RowOutcome("11", ADDED, FAILED, "[11]: version conflict, document already exists", "{\"email\":\"c@x\"}"));

    private static CallRecord bulkCall(byte[] body, int status, String response) {
        CallRecord call = call("POST", URL, body, status, Calls.bytes(response));
        call.requestContentType = "application/x-ndjson";
        return call;
    }

    /** A delete, with no document line, has no fields: {@code {}}, as any row whose fields pointer finds nothing. */
    @Test
    void everyActionIsARowAndItsItemItsOutcome() {
        CallInterpretation result = interpreter.interpret(ERROR_TEST, bulkCall(Calls.bytes(BODY), 200, RESPONSE));
        assertThat(result).isEqualTo(new CallInterpretation(EXPECTED, null));
    }

    @Test
    void gzippedBodyAsTheClientsCompressionSendsIt() {
        CallRecord call = bulkCall(gzip(BODY), 200, RESPONSE);
        call.requestContentEncoding = "gzip";
        assertThat(interpreter.interpret(ERROR_TEST, call)).isEqualTo(new CallInterpretation(EXPECTED, null));
    }

    @Test
    void crlfAndBlankLinesAndNoFinalNewline() {
        String body = "\r\n" + BODY.replace("\n", "\r\n").replace("{\"doc\"", "\r\n{\"doc\"").stripTrailing();
        assertThat(interpreter.interpret(ERROR_TEST, bulkCall(Calls.bytes(body), 200, RESPONSE)))
                .isEqualTo(new CallInterpretation(EXPECTED, null));
    }

    @Test
    void statusTestCountsADeleteOfAMissingDocumentAsFailedWithTheItemAsReason() {
        EndpointRule rule = bulkRule("{outcome: index_aligned, items: /items, success: /*/status, success_values: [200, 201],"
                + " reason: /*/error/reason}");
        CallInterpretation result = interpreter.interpret(rule, bulkCall(Calls.bytes(BODY), 200, RESPONSE));
        assertThat(result.rows()).extracting(RowOutcome::status).containsExactly(SUCCEEDED, FAILED, FAILED, FAILED);
        assertThat(result.rows().get(1).failureReason())
                .isEqualTo("{\"delete\":{\"_index\":\"users\",\"_id\":\"7\",\"status\":404,\"result\":\"not_found\"}}");
    }

    @Test
    void rowsWithoutAnIdAreCountedInTheCallError() {
        String body = "{\"index\":{\"_index\":\"users\"}}\n{\"email\":\"new@x\"}\n"
                + "{\"delete\":{\"_index\":\"users\",\"_id\":\"7\"}}\n";
        String response = "{\"took\":1,\"errors\":false,\"items\":[{\"index\":{\"_id\":\"gen1\",\"status\":201,\"result\":\"created\"}},"
                + "{\"delete\":{\"_id\":\"7\",\"status\":200,\"result\":\"deleted\"}}]}";
        CallInterpretation result = interpreter.interpret(ERROR_TEST, bulkCall(Calls.bytes(body), 200, response));
        assertThat(result).isEqualTo(new CallInterpretation(List.of(new RowOutcome("7", REMOVED, SUCCEEDED, null, "{}")),
                "1 of 2 request rows have no id at '/meta/_id' (first: row 0) and were not recorded"));
    }

    @Test
    void tooManyRequestsFailsEveryRowWithTheReason() {
        String response = "{\"error\":{\"root_cause\":[],\"type\":\"es_rejected_execution_exception\","
                + "\"reason\":\"rejected execution of coordinating operation\"},\"status\":429}";
        CallInterpretation result = interpreter.interpret(ERROR_TEST, bulkCall(Calls.bytes(BODY), 429, response));
        assertThat(result.rows()).allSatisfy(row -> {
            assertThat(row.status()).isEqualTo(FAILED);
            assertThat(row.failureReason()).isEqualTo("HTTP 429: rejected execution of coordinating operation");
        });
        assertThat(result.rows()).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "an action line of two members|{\"index\":{\"_id\":\"1\"},\"create\":{}}\\n{}|request body (bulk line 1) is not an action"
                + " line: one object with one member, the action, holding an object, e.g. {\"index\":{\"_index\":\"users\",\"_id\":\"42\"}}",
        "an action holding no object|{\"delete\":{\"_id\":\"1\"}}\\n{\"delete\":\"2\"}|request body (bulk line 2) is not an action"
                + " line: one object with one member, the action, holding an object, e.g. {\"index\":{\"_index\":\"users\",\"_id\":\"42\"}}",
        "an unknown action|{\"upsert\":{\"_id\":\"1\"}}\\n{}|request body (bulk line 1) has the action 'upsert', which is not one"
                + " of index, create, update, delete",
        "no document after index|{\"delete\":{\"_id\":\"1\"}}\\n\\n{\"index\":{\"_id\":\"2\"}}\\n|request body (bulk line 3) is an"
                + " 'index' action with no document line after it; every index, create and update action line is followed by"
                + " its document's line",
        "a broken action line|{\"delete\":{\"_id\":\"1\"}}\\n{\"index\":{\"_id\":\"2\"}|request body (bulk line 2) is not valid"
                + " JSON: Unexpected end-of-input: expected close marker for Object at line 1, column 21",
        "a broken document line|{\"index\":{\"_id\":\"1\"}}\\n{\"email\":}|request body (bulk line 2) is not valid JSON:"
                + " Unexpected character ('}' (code 125)): expected a value at line 1, column 10",
    })
    void aBadBodyIsACallErrorNamingItsLine(String what, String body, String expected) {
        CallInterpretation result = interpreter.interpret(ERROR_TEST,
                bulkCall(Calls.bytes(body.replace("\\n", "\n")), 200, "{\"errors\":false,\"items\":[]}"));
        assertThat(result.rows()).as(what).isEmpty();
        assertThat(result.callError()).as(what).isEqualTo(expected);
    }
}
