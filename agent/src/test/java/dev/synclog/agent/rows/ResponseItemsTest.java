package dev.synclog.agent.rows;

import dev.synclog.agent.config.ResponseSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResponseItems}' columns, made with room for a number of items and grown past it: each item keeps its own
 * values, key and place in the text, whether the scanner or Jackson read it.
 */
class ResponseItemsTest {
    private static final int ITEMS = 21;

    /** @param expected the room made at first: none, too little, exact, too much */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, ITEMS, 500})
    void itemsOfAListKeepTheirValuesAsTheColumnsGrow(int expected) throws UnreadableCallException {
        ResponseSpec spec = Calls.rule("endpoints:\n  - match: {path: /v1}\n    request: {rows: /rows, row_id: /id}\n"
                + "    response: {outcome: by_id, items: /results, id: /id, success: /ok, reason: /error/message}\n").response();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(i % 4 == 3 ? "{\"id\":\"r" + i + "\",\"ok\":false,\"error\":{\"message\":\"no " + i + "\"}}"
                    : "{\"id\":\"r" + i + "\",\"ok\":true}");
        }
        String body = "{\"results\":[" + String.join(",", items) + "]}";

        for (ResponseItems read : readBothWays(body, spec, expected)) {
            assertThat(read.kind()).isEqualTo(ResponseItems.Kind.ARRAY);
            assertThat(read.size()).isEqualTo(ITEMS);
            for (int i = 0; i < ITEMS; i++) {
                ResponseItems.Item item = read.item(i);
                assertThat(item.key()).isNull();
                assertThat(item.id().textValue()).isEqualTo("r" + i);
                assertThat(item.success().booleanValue()).isEqualTo(i % 4 != 3);
                assertThat(item.reason().isMissingNode()).isEqualTo(i % 4 != 3);
                assertThat(item.index().isMissingNode()).isTrue();
                assertThat(item.compact()).isEqualTo(items.get(i));
            }
            assertThat(read.item(ITEMS - 2).reason().textValue()).isEqualTo("no " + (ITEMS - 2));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, ITEMS})
    void itemsOfAnObjectKeepTheirKeysAsTheColumnsGrow(int expected) throws UnreadableCallException {
        ResponseSpec spec = Calls.rule("endpoints:\n  - match: {path: /v1}\n    request: {rows: /rows, row_id: /id}\n"
                + "    response: {outcome: by_id, items: /errors, reason: /message}\n").response();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add("\"r" + i + "\":{\"message\":\"bad " + i + "\"}");
        }
        String body = "{\"errors\":{" + String.join(",", items) + "}}";

        for (ResponseItems read : readBothWays(body, spec, expected)) {
            assertThat(read.kind()).isEqualTo(ResponseItems.Kind.OBJECT);
            assertThat(read.size()).isEqualTo(ITEMS);
            for (int i = 0; i < ITEMS; i++) {
                assertThat(read.key(i)).isEqualTo("r" + i);
                assertThat(read.value(i, ResponseItems.REASON).textValue()).isEqualTo("bad " + i);
                assertThat(read.value(i, ResponseItems.ID).isMissingNode()).isTrue();
            }
        }
    }

    /** The scanner's reading and Jackson's, each checked to be what it says it is, and equal. */
    private static List<ResponseItems> readBothWays(String body, ResponseSpec spec, int expected) throws UnreadableCallException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        JsonText text = JsonText.ofUtf8(bytes, bytes.length, "response body");
        ResponseItems scanned = ScannedItems.read(text, spec, expected);
        ResponseItems jackson = ResponseItems.readWithJackson(text, spec, expected);
        assertThat(scanned).as("read by the scanner").isNotNull().isEqualTo(jackson);
        return List.of(scanned, jackson);
    }
}
