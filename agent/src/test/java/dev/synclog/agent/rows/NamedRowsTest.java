package dev.synclog.agent.rows;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.EndpointRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.synclog.agent.rows.Calls.call;
import static dev.synclog.agent.rows.Calls.rule;
import static dev.synclog.events.OpType.ADDED;
import static dev.synclog.events.OpType.REMOVED;
import static dev.synclog.events.RowStatus.FAILED;
import static dev.synclog.events.RowStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code request.field_names}: rows written as arrays of values named elsewhere in the body (Meta's Custom Audiences
 * {@code payload}), read as objects by the interpreter as a captured call is; and the multipart form Meta's SDK sends.
 */
class NamedRowsTest {
    private static final String URL = "https://graph.facebook.com/v23.0/6100/users";
    private final CallInterpreter interpreter = new CallInterpreter(1 << 20);

    private static EndpointRule audienceRule(String op, String privacy) {
        return rule(privacy + "endpoints:\n"
                + "  - match: {host: graph.facebook.com, method: [POST, DELETE], path: '/{version}/{audienceId}/users'}\n"
                + "    request: {encoding: form, form_field: payload, rows: /data, field_names: /schema,"
                + " row_id: /EMAIL_SHA256, op: " + op + "}\n"
                + "    response: {outcome: by_id, items: /invalid_entry_samples, reason: ''}\n");
    }

    private static final String ANSWER = "{\"audience_id\":\"6100\",\"session_id\":\"77\",\"num_received\":2,"
            + "\"num_invalid_entries\":1,\"invalid_entry_samples\":{\"bad\":\"Invalid format\"}}";

    private static CallRecord formCall(String method, String payload, String answer) {
        CallRecord call = call(method, URL, Calls.bytes("access_token=tok&payload="
                + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8)), 200, Calls.bytes(answer));
        call.requestContentType = "application/x-www-form-urlencoded";
        return call;
    }

    private static List<RowOutcome> rows(String op) {
        var type = op.equals("added") ? ADDED : REMOVED;
        return List.of(new RowOutcome("h1", type, SUCCEEDED, null, "{\"EMAIL_SHA256\":\"h1\",\"FN_SHA256\":\"f1\"}"),
                new RowOutcome("bad", type, FAILED, "Invalid format", "{\"EMAIL_SHA256\":\"bad\",\"FN_SHA256\":\"f2\"}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "added|{\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"],\"data\":[[\"h1\",\"f1\"],[\"bad\",\"f2\"]]}",
            "removed|{\"data\":[[\"h1\",\"f1\"],[\"bad\",\"f2\"]],\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"]}"})
    void eachArrayIsARowNamedByTheSchemaInEitherOrder(String op, String payload) {
        CallInterpretation result = interpreter.interpret(audienceRule(op, ""), formCall("POST", payload, ANSWER));
        assertThat(result).isEqualTo(new CallInterpretation(rows(op), null));
    }

    @Test
    void aSingleNameTakesPlainValues() {
        CallInterpretation result = interpreter.interpret(audienceRule("added", ""),
                formCall("POST", "{\"schema\":\"EMAIL_SHA256\",\"data\":[\"h1\",[\"bad\"]]}", ANSWER));
        assertThat(result).isEqualTo(new CallInterpretation(List.of(
                new RowOutcome("h1", ADDED, SUCCEEDED, null, "{\"EMAIL_SHA256\":\"h1\"}"),
                new RowOutcome("bad", ADDED, FAILED, "Invalid format", "{\"EMAIL_SHA256\":\"bad\"}")), null));
    }

    /** Privacy rules name the schema's names, as they would an object's members. */
    @Test
    void privacyRulesApplyByTheSchemasNames() {
        CallInterpretation result = interpreter.interpret(audienceRule("added", "privacy: {exclude: [fn_sha256]}\n"),
                formCall("POST", "{\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"],\"data\":[[\"h1\",\"f1\"]]}", ANSWER));
        assertThat(result.rows()).extracting(RowOutcome::fieldsJson).containsExactly("{\"EMAIL_SHA256\":\"h1\"}");
    }

    /** Meta's SDK posts (and deletes) a multipart form: its text parts are the form's fields. */
    @Test
    void multipartFormAsTheSdkSendsIt() {
        String boundary = "---------------------------2619591951126070068";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"access_token\"\r\n\r\ntok\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n"
                + "{\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"],\"data\":[[\"h1\",\"f1\"],[\"bad\",\"f2\"]]}\r\n"
                + "--" + boundary + "--\r\n";
        CallRecord call = call("DELETE", URL, Calls.bytes(body), 200, Calls.bytes(ANSWER));
        call.requestContentType = "multipart/form-data; boundary=" + boundary;
        assertThat(interpreter.interpret(audienceRule("removed", ""), call))
                .isEqualTo(new CallInterpretation(rows("removed"), null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"schema\":[\"EMAIL_SHA256\",\"FN_SHA256\"],\"data\":[[\"h1\",\"f1\"],[\"h2\"]]}"
                    + "|request form field 'payload' row 1 has 1 value but '/schema' (request.field_names) names 2: EMAIL_SHA256, FN_SHA256",
            "{\"schema\":[\"EMAIL_SHA256\"],\"data\":[[\"h1\",\"f1\"]]}"
                    + "|request form field 'payload' row 0 has 2 values but '/schema' (request.field_names) names 1: EMAIL_SHA256",
            "{\"schema\":[\"EMAIL_SHA256\",7],\"data\":[[\"h1\",\"f1\"]]}"
                    + "|request form field 'payload' names the rows' values at '/schema' (request.field_names), but its item 1 is a number, not a name (a string)",
            "{\"data\":[[\"h1\",\"f1\"]]}"
                    + "|request form field 'payload' has nothing at '/schema' (request.field_names), where the names of the rows' values should be: an array of names, or one name as a string",
            "{\"schema\":[\"EMAIL_SHA256\"],\"data\":[\"h1\"]}"
                    + "|request form field 'payload' row 0 is a string, not an array of values named by '/schema' (request.field_names)"})
    void aRowTheNamesDoNotFitIsACallError(String payload, String error) {
        CallInterpretation result = interpreter.interpret(audienceRule("added", ""), formCall("POST", payload, ANSWER));
        assertThat(result).isEqualTo(new CallInterpretation(List.of(), error));
    }
}
