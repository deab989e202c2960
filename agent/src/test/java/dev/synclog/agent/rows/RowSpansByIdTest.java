package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synclog.agent.config.EndpointRule;
import dev.synclog.events.RowStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Results that name rows by id find rows the scanner kept as spans of the body: each id as its JSON text reads (a
 * number as written, -0 as 0, a literal as its word), the same as when the request is read by Jackson.
 */
class RowSpansByIdTest {
    private static final EndpointRule RULE = Calls.rule("endpoints:\n  - match: {path: /batch}\n"
            + "    request: {rows: /inputs, row_id: /id, fields: /properties, op: upsert}\n"
            + "    response: {outcome: by_id, items: /errors, id: /context/id, reason: /message}\n");
    private static final String ROWS = "{\"id\": \"C1\", \"properties\": {\"n\": 1}}, {\"id\": 2}, {\"id\": -0},"
            + " {\"id\": true}, {\"id\": \"C1\"}, {\"id\": \"C5\"}, {\"id\": 10}";
    private static final String RESPONSE = "{\"errors\": [{\"context\": {\"id\": [\"C1\"]}, \"message\": \"bad\"},"
            + " {\"context\": {\"id\": [\"0\"]}, \"message\": \"zero\"}, {\"context\": {\"id\": \"true\"}, \"message\": \"word\"},"
            + " {\"context\": {\"id\": [10, \"nope\"]}, \"message\": \"ten\"}]}";

    private final CallInterpreter interpreter = new CallInterpreter(1 << 20);

    @Test
    void resultsFindRowsReadAsSpansByTheirIdsText() {
        String body = "{\"inputs\": [" + ROWS + "]}";
        RequestRows request = interpreter.readRequest(RULE, Calls.call("POST", "http://127.0.0.1/batch", body, 207, RESPONSE));
        CallInterpretation result = interpreter.answer(request, RULE,
                Calls.call("POST", "http://127.0.0.1/batch", body, 207, RESPONSE));

        assertThat(request.storedIds().held(0)).as("an id the scanner read is a span").isNull();
        assertThat(IntStream.range(0, request.size()).mapToObj(request::id)).containsExactly("C1", "2", "0", "true", "C1", "C5", "10");
        assertThat(verdicts(result)).containsExactly("failed bad", "succeeded null", "failed zero", "failed word",
                "failed bad", "succeeded null", "failed ten");
        assertThat(result.callError()).endsWith("name ids that are not in the request (nope)");
    }

    @Test
    void rowsReadAsSpansGetTheVerdictsRowsReadByJacksonGet() {
        String scanned = "{\"inputs\": [" + ROWS + "]}";
        // A character beyond ASCII: the body is read by Jackson.
        String byJackson = "{\"note\": \"Zo\u00eb\", \"inputs\": [" + ROWS + "]}";
        CallInterpretation fromSpans = interpreter.interpret(RULE, Calls.call("POST", "http://127.0.0.1/batch", scanned, 207, RESPONSE));
        CallInterpretation fromStrings = interpreter.interpret(RULE, Calls.call("POST", "http://127.0.0.1/batch", byJackson, 207, RESPONSE));

        assertThat(interpreter.readRequest(RULE, Calls.call("POST", "http://127.0.0.1/batch", byJackson, 207, RESPONSE))
                .storedIds().held(0)).as("an id Jackson read is a String").isEqualTo("C1");
        assertThat(fromSpans).isEqualTo(fromStrings);
        assertThat(verdicts(fromSpans)).isEqualTo(verdicts(fromStrings));
    }

    /** Each row's status and reason as the journal reads them (not through the row outcomes). */
    private static List<String> verdicts(CallInterpretation result) {
        List<String> verdicts = new ArrayList<>();
        String[] reasons = result.failureReasons();
        for (int i = 0; i < result.rows().size(); i++) {
            RowStatus status = result.status(i);
            verdicts.add(status.wireName() + " " + reasons[i]);
        }
        return verdicts;
    }
}
