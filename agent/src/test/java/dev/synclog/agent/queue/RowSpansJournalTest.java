package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.rows.CallInterpreter;
import dev.synclog.agent.rows.RequestRows;
import dev.synclog.agent.rows.TextColumn;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Rows the scanner reads reach the journal as spans of the request body, copied as bytes: every record must be the
 * bytes the same rows make as Strings, the ids and fields as the request wrote them (an id as its JSON text gives
 * it). Generated requests mix what the scanner reads with what it leaves to Jackson (escapes, non-ASCII).
 */
class RowSpansJournalTest {
    private static final long SEED = 20261126L;
    private static final int BODIES = 3_000;

    private final Random random = new Random(SEED);
    /** Whether the body being made is one the scanner reads: no escaped id, nothing but ASCII. */
    private boolean plain;

    @Test
    void recordsOfRowsReadAsSpansAreTheBytesOfTheSameRowsAsStrings() throws ConfigException {
        CallInterpreter interpreter = new CallInterpreter(1 << 20);
        int spans = 0;
        int rows = 0;
        for (int n = 0; n < BODIES; n++) {
            boolean wholeRowIsFields = n % 3 == 0;
            EndpointRule rule = rule(wholeRowIsFields);
            List<String[]> expected = new ArrayList<>();
            String body = body(wholeRowIsFields, expected);
            RequestRows read = interpreter.readRequest(rule, call(body));
            String context = "body " + n + " (seed " + SEED + "): " + body;
            assertThat(read.unreadable()).as(context).isNull();
            assertThat(read.size()).as(context).isEqualTo(expected.size());

            String[] ids = new String[expected.size()];
            String[] fields = new String[expected.size()];
            String[] ops = new String[expected.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = expected.get(i)[0];
                fields[i] = expected.get(i)[1];
                ops[i] = read.op(i);
                spans += read.storedIds().held(i) == null && read.storedFields().held(i) == null ? 1 : 0;
            }
            rows += ids.length;
            byte[] fromSpans = JournalFormat.callSent(n, "run", "sync", "endpoint", "crm", "contacts", "POST", "http://127.0.0.1/v1",
                    1, null, read.storedIds(), TextColumn.of(ops), read.storedFields()).copy();
            byte[] fromStrings = JournalFormat.callSent(n, "run", "sync", "endpoint", "crm", "contacts", "POST", "http://127.0.0.1/v1",
                    1, null, TextColumn.of(ids), TextColumn.of(ops), TextColumn.of(fields)).copy();
            // As Latin-1 text, so that a difference shows as one in the request's text.
            assertThat(new String(fromSpans, StandardCharsets.ISO_8859_1)).as(context)
                    .isEqualTo(new String(fromStrings, StandardCharsets.ISO_8859_1));
        }
        System.out.println("RowSpansJournalTest: seed " + SEED + ", " + spans + " of " + rows + " rows journaled from spans");
        assertThat(spans).as("rows journaled from spans").isGreaterThan(rows / 2).isLessThan(rows);
    }

    private static EndpointRule rule(boolean wholeRowIsFields) throws ConfigException {
        return AgentConfig.parse("sync: {sync_id: test}\nendpoints:\n  - match: {path: /v1}\n"
                + "    request: {rows: /inputs, row_id: /id, op: upsert" + (wholeRowIsFields ? "" : ", fields: /properties") + "}\n"
                + "    response: {outcome: http_status}\n", "test.yaml", Map.of(), new Properties()).endpoints().get(0);
    }

    private static CallRecord call(String body) {
        CallRecord call = new CallRecord();
        call.client = "java-http-client";
        call.method = "POST";
        call.uri = URI.create("http://127.0.0.1:9/v1");
        call.requestContentType = "application/json";
        call.requestBody = body.getBytes(StandardCharsets.UTF_8);
        call.requestBodyLength = call.requestBody.length;
        call.status = 200;
        return call;
    }

    /** A request of up to 20 rows; {@code expected} gets each kept row's id and fields, as the journal should hold them. */
    private String body(boolean wholeRowIsFields, List<String[]> expected) {
        plain = random.nextInt(3) > 0;
        StringBuilder body = new StringBuilder("{" + ws() + "\"inputs\":" + ws() + "[");
        int count = random.nextInt(21);
        for (int r = 0; r < count; r++) {
            String[] id = id(r);
            String properties = random.nextInt(10) == 0 ? null : value(3);
            String row = "{" + ws() + "\"id\"" + ws() + ":" + ws() + id[0] + ws() + ",\"email\":" + text()
                    + (properties == null ? "" : ", \"properties\" :" + ws() + properties + ws()) + "}";
            body.append(r == 0 ? "" : "," + ws()).append(row);
            if (id[1] != null) {
                expected.add(new String[] {id[1], wholeRowIsFields ? row : properties == null ? "{}" : properties});
            }
        }
        return body.append("]" + ws() + "}").toString();
    }

    /** An id as written, and as its text reads (null: the row has none). */
    private String[] id(int row) {
        switch (random.nextInt(plain ? 10 : 12)) {
            case 0: return new String[] {String.valueOf(row), String.valueOf(row)};
            case 1: return new String[] {"-" + (row + 1), "-" + (row + 1)};
            case 2: return new String[] {"-0", "0"};
            case 3: return new String[] {"true", "true"};
            case 4: return new String[] {"\"\"", null};
            case 5: return new String[] {"null", null};
            case 6: return new String[] {"{\"id\":\"C" + row + "\"}", null};
            case 10: return new String[] {"\"C\\u0031" + row + "\"", "C1" + row};
            case 11: return new String[] {"\"Zo\u00eb" + row + "\"", "Zo\u00eb" + row};
            default: return new String[] {"\"C" + row + "x\"", "C" + row + "x"};
        }
    }

    private String value(int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return text();
        }
        return random.nextBoolean()
                ? "{" + ws() + "\"a\"" + ws() + ":" + ws() + value(depth - 1) + "," + ws() + "\"b\":" + value(depth - 1) + "}"
                : "[" + value(depth - 1) + "," + ws() + value(depth - 1) + "]";
    }

    private String text() {
        String[] texts = {"\"ana@example.com\"", "42", "-1.5e3", "null", "false", "\"quote \\\" inside\"", "\"\"", "{}", "[]",
            "\"tab\\there\"", "\"caf\u00e9\""};
        return texts[random.nextInt(texts.length - (plain ? 1 : 0))];
    }

    private String ws() {
        String[] spaces = {"", "", "", " ", "\n  ", "\t"};
        return spaces[random.nextInt(spaces.length)];
    }
}
