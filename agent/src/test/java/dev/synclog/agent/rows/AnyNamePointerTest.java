package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.config.ResponseSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.synclog.agent.rows.Calls.call;
import static dev.synclog.agent.rows.Calls.rule;
import static dev.synclog.events.RowStatus.FAILED;
import static dev.synclog.events.RowStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code *} step in a response pointer: an object's first member whatever its name; nothing in an array, an empty
 * object or a scalar. Read the same by the scanner and by Jackson while streaming items, and in a tree.
 */
class AnyNamePointerTest {
    private static ResponseSpec spec(String response) {
        return rule("endpoints:\n  - match: {path: /_bulk}\n    request: {rows: /rows, row_id: /id}\n    response: " + response + "\n")
                .response();
    }

    private static List<ResponseItems> readBothWays(String body, ResponseSpec spec) throws UnreadableCallException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        JsonText text = JsonText.ofUtf8(bytes, bytes.length, "response body");
        ResponseItems scanned = ScannedItems.read(text, spec, 0);
        ResponseItems jackson = ResponseItems.readWithJackson(text, spec, 0);
        assertThat(scanned).as("read by the scanner").isNotNull().isEqualTo(jackson);
        return List.of(scanned, jackson);
    }

    @Test
    void stepsIntoTheFirstMemberOfEachItemWhateverItsName() throws UnreadableCallException {
        ResponseSpec spec = spec("{outcome: index_aligned, items: /items, success: /*/status, reason: /*/error/reason}");
        String body = "{\"took\":3,\"items\":["
                + "{\"index\":{\"status\":201}},"
                + "{\"update\":{\"status\":400,\"error\":{\"type\":\"x\",\"reason\":\"bad field\"}},\"status\":1,\"error\":{\"reason\":\"second\"}},"
                + "{\"status\":7},"
                + "{},"
                + "[{\"status\":5}],"
                + "{\"delete\":[{\"status\":6}]},"
                + "{\"create\":\"text\"}]}";
        for (ResponseItems items : readBothWays(body, spec)) {
            assertThat(items.size()).isEqualTo(7);
            assertThat(items.value(0, ResponseItems.SUCCESS).intValue()).isEqualTo(201);
            assertThat(items.value(0, ResponseItems.REASON).isMissingNode()).isTrue();
            assertThat(items.value(1, ResponseItems.SUCCESS).intValue()).as("the first member's, not a later one's").isEqualTo(400);
            assertThat(items.value(1, ResponseItems.REASON).textValue()).isEqualTo("bad field");
            for (int item = 2; item < 7; item++) {
                assertThat(items.value(item, ResponseItems.SUCCESS).isMissingNode())
                        .as("item %d: a scalar first member, no member, an array, an array member, a text", item).isTrue();
            }
        }
    }

    @Test
    void aStarOfItsOwnIsTheFirstMembersWholeValue() throws UnreadableCallException {
        ResponseSpec spec = spec("{outcome: by_id, items: /items, id: /*/_id, error: /*, reason: /*/reason}");
        String body = "{\"items\":[{\"failed\":{\"_id\":\"a\",\"reason\":\"no\"}},{\"ok\":null}]}";
        for (ResponseItems items : readBothWays(body, spec)) {
            assertThat(items.value(0, ResponseItems.ID).textValue()).isEqualTo("a");
            assertThat(Json.compact(items.value(0, ResponseItems.ERROR))).isEqualTo("{\"_id\":\"a\",\"reason\":\"no\"}");
            assertThat(items.value(0, ResponseItems.REASON).textValue()).isEqualTo("no");
            assertThat(items.value(1, ResponseItems.ERROR).isNull()).isTrue();
        }
    }

    @Test
    void inATreeAsInAStream() throws Exception {
        JsonNode tree = Json.MAPPER.readTree("{\"b\":{\"x\":[{\"y\":1}]},\"a\":2,\"arr\":[{\"z\":3}]}");
        assertThat(pointer("/*/x/0/y").in(tree).intValue()).isEqualTo(1);
        assertThat(pointer("/b/*/0/y").in(tree).intValue()).isEqualTo(1);
        assertThat(pointer("/arr/*").in(tree).isMissingNode()).as("no member in an array").isTrue();
        assertThat(pointer("/a/*").in(tree).isMissingNode()).as("no member in a number").isTrue();
        assertThat(pointer("/arr/0/z").in(tree).intValue()).isEqualTo(3);
        assertThat(pointer("").in(tree)).isSameAs(tree);
    }

    @Test
    void allOrNothingTestAndHttpErrorReasonReadStars() {
        EndpointRule rule = rule("endpoints:\n  - match: {path: /_doc}\n    request: {rows: whole_body, row_id: /id}\n"
                + "    response: {outcome: http_status, error: /*/error, http_error_reason: /*/error/reason}\n");
        CallInterpretation failed = new CallInterpreter(1 << 20).interpret(rule, call("POST", "http://es/_doc", "{\"id\":\"1\"}", 200,
                "{\"result\":{\"error\":{\"reason\":\"mapping conflict\"}}}"));
        assertThat(failed.rows()).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(FAILED);
            assertThat(row.failureReason()).isEqualTo("HTTP 200: mapping conflict");
        });
        CallInterpretation succeeded = new CallInterpreter(1 << 20).interpret(rule, call("POST", "http://es/_doc", "{\"id\":\"1\"}",
                200, "{\"result\":{\"status\":201},\"error\":{\"reason\":\"not the first member\"}}"));
        assertThat(succeeded.rows()).singleElement().satisfies(row -> assertThat(row.status()).isEqualTo(SUCCEEDED));
    }

    private static StreamPath.Pointer pointer(String text) {
        return StreamPath.Pointer.of(JsonPointer.compile(text));
    }
}
