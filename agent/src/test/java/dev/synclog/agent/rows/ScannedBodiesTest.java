package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import dev.synclog.agent.config.EndpointRule;
import dev.synclog.events.OpType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scanner's reading of bodies ({@link ScannedRows}, {@link ScannedItems}) against Jackson's ({@link RowExtractor},
 * {@link ResponseItems}), both called directly, on generated bodies of the shapes the configs describe: nested
 * pointers, ids as strings, numbers and arrays, missing ids, extra and repeated fields, whitespace, escapes, unicode,
 * fractions, deep nesting, and then truncated or damaged. Whenever the scanner gives a result it must be Jackson's;
 * the well-formed ones must mostly be scanned (counted, so that always leaving bodies to Jackson fails). The seed is
 * printed; {@code -Dsynclog.fuzz.seed=N} replays it, {@code -Dsynclog.fuzz.bodies=N} runs more.
 */
class ScannedBodiesTest {
    private static final long SEED = Long.getLong("synclog.fuzz.seed", 20261126L);
    private static final int BODIES = Integer.getInteger("synclog.fuzz.bodies", 1500);
    private static final URI URL = URI.create("http://dest/v1/things/T42");

    /** An endpoint and a well-formed body of its shape for given row ids. */
    record Shape(String name, String endpointYaml, BiFunction<Gen, List<String>, Json> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> requestShapes() {
        return Stream.of(
                new Shape("rows with ids, whole row as fields", "request: {rows: /members, row_id: /id, op: added}",
                        (g, ids) -> g.obj("members", g.arr(ids, id -> g.row("id", g.id(id))))),
                new Shape("fields inside the row", "request: {rows: /inputs, row_id: /id, fields: /properties, op: upsert}",
                        (g, ids) -> g.obj("inputs", g.arr(ids, id -> g.row("id", g.id(id), "properties", g.fields())))),
                new Shape("body is the array, id inside the fields",
                        "request: {rows: '', row_id: /properties/$insert_id, fields: /properties, op: added}",
                        (g, ids) -> g.arr(ids, id -> g.row("event", g.text(), "properties", g.row("$insert_id", g.id(id))))),
                new Shape("rows behind an index, ops mapped",
                        "request: {rows: /batch/1/items, row_id: /key/0, op_field: /action, op: changed,"
                                + " op_values: {subscribe: added, unsubscribe: removed}}",
                        (g, ids) -> g.obj("batch", g.arr(List.of("a", "b"), b -> g.obj("items",
                                g.arr(ids, id -> g.row("key", g.arr(List.of(id, "x"), g::id), "action", g.op())))))),
                new Shape("ops by wire name", "request: {rows: /rows, row_id: /id, op_field: /op, op: upsert}",
                        (g, ids) -> g.obj("rows", g.arr(ids, id -> g.row("id", g.id(id), "op", g.op())))),
                new Shape("rows named by their member, ops by what they hold",
                        "request: {rows: /RequestItems/t, row_id: /*/*/id/S, fields: /*/*, op: upsert,"
                                + " op_when_present: {/DeleteRequest: removed, /PutRequest/Item/gone: removed}}",
                        (g, ids) -> g.obj("RequestItems", g.obj("t", g.arr(ids, id -> g.pick(
                                g.row("PutRequest", g.row("Item", g.row("id", g.row("S", g.id(id)), "gone", g.op()))),
                                g.row("DeleteRequest", g.row("Key", g.row("id", g.row("S", g.id(id)))))))))),
                new Shape("whole body, id from the path",
                        "match: {path: '/v1/things/{thing}'}\n    request: {rows: whole_body, row_id_from_path: thing, op: changed}",
                        (g, ids) -> g.row("name", g.text(), "tags", g.fields())));
    }

    static Stream<Shape> responseShapes() {
        return Stream.of(
                new Shape("index-aligned, reason inside the error",
                        "response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}",
                        (g, ids) -> g.obj("results", g.arr(ids, id -> g.row("ok", g.success(), "error", g.row("message", g.text()))))),
                new Shape("errors naming arrays of ids", "response: {outcome: by_id, items: /errors, id: /context/id, reason: /message}",
                        (g, ids) -> g.obj("status", g.text(), "errors", g.arr(ids, id -> g.row("message", g.text(),
                                "context", g.row("id", g.pick(g.arr(List.of(id), g::id), g.id(id))))))),
                new Shape("results keyed by id", "response: {outcome: by_id, items: /results, success: /ok, reason: /error, unlisted: failed}",
                        (g, ids) -> g.obj("results", g.keyed(ids, id -> g.row("ok", g.success(), "error", g.text())))),
                new Shape("failed indexes", "response: {outcome: by_index, items: /failed_records, index: /index, reason: /message}",
                        (g, ids) -> g.obj("code", g.id("400"), "failed_records", g.arr(ids, id -> g.row("index",
                                g.id(String.valueOf(ids.indexOf(id))), "message", g.text())))),
                new Shape("items that are their own error", "response: {outcome: index_aligned, items: /data, error: ''}",
                        (g, ids) -> g.obj("data", g.arr(ids, id -> g.pick(g.raw("null"), g.row("code", g.id("1")), g.text())))),
                new Shape("success values", "response: {outcome: by_id, items: /errors, id: /id, success: /status, success_values: [ok, '200'], reason: /detail}",
                        (g, ids) -> g.obj("errors", g.arr(ids, id -> g.row("id", g.id(id), "status", g.pick(g.raw("\"ok\""),
                                g.raw("200"), g.text(), g.success()), "detail", g.text())))),
                new Shape("all or nothing, no items", "response: {outcome: http_status}",
                        (g, ids) -> g.obj("status", g.text(), "results", g.arr(ids, id -> g.row("id", g.id(id))))),
                new Shape("items of one member named by the action, read through '*'",
                        "response: {outcome: by_id, items: /items, id: /*/_id, success: /*/status, success_values: [200, 201],"
                                + " reason: /*/error/reason}",
                        (g, ids) -> g.obj("errors", g.success(), "items", g.arr(ids, id -> g.row(g.pick("index", "delete"),
                                g.row("_id", g.id(id), "status", g.pick(g.raw("200"), g.raw("201"), g.raw("404"), g.text()),
                                        "error", g.pick(g.row("type", g.text(), "reason", g.text()), g.text())))))),
                new Shape("error object holding the reason", "response: {outcome: by_id, items: /errors, id: /id, error: /error, reason: /error/message}",
                        (g, ids) -> g.obj("errors", g.arr(ids, id -> g.row("id", g.id(id), "error",
                                g.pick(g.row("message", g.text(), "code", g.id("7")), g.raw("false"), g.text()))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestShapes")
    void requestRowsAreJacksonsWheneverScanned(Shape shape) {
        EndpointRule rule = rule(shape);
        Map<String, String> pathVariables = rule.pathVariables(URL);
        int plain = 0;
        int plainScanned = 0;
        for (int n = 0; n < BODIES; n++) {
            Body body = body(shape, n);
            JsonText text = JsonText.ofUtf8(body.bytes(), body.bytes().length, "request body");
            Object jackson = rowsByJackson(text, rule, pathVariables);
            RowExtractor.Extracted scanned = ScannedRows.extract(text, rule.request(), pathVariables);
            String context = shape + ", body " + n + " (seed " + SEED + ", " + body.mutation() + "): " + body.text();
            if (scanned != null) {
                assertThat((Object) scanned).as(context).isEqualTo(jackson);
            }
            assertThat(rowsRead(text, rule, pathVariables)).as(context).isEqualTo(jackson);
            if (body.plain()) {
                plain++;
                plainScanned += scanned != null ? 1 : 0;
            }
        }
        System.out.println("ScannedBodiesTest " + shape + ": seed " + SEED + ", " + plainScanned + " of " + plain
                + " plain request bodies scanned, of " + BODIES);
        assertThat(plainScanned).as("plain bodies read by the scanner").isEqualTo(plain).isGreaterThan(BODIES / 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responseShapes")
    void responseItemsAndVerdictsAreJacksonsWheneverScanned(Shape shape) {
        EndpointRule rule = rule(shape);
        int plain = 0;
        int plainScanned = 0;
        for (int n = 0; n < BODIES; n++) {
            Body body = body(shape, n);
            JsonText text = JsonText.ofUtf8(body.bytes(), body.bytes().length, "response body");
            Object jackson = itemsByJackson(text, rule);
            ResponseItems scanned = ScannedItems.read(text, rule.response(), 0);
            String context = shape + ", body " + n + " (seed " + SEED + ", " + body.mutation() + "): " + body.text();
            if (scanned != null) {
                assertThat((Object) scanned).as(context).isEqualTo(jackson);
                assertThat(verdicts(scanned, rule, body.ids())).as(context).isEqualTo(verdicts((ResponseItems) jackson, rule, body.ids()));
            }
            if (body.plain()) {
                plain++;
                plainScanned += scanned != null ? 1 : 0;
            }
        }
        System.out.println("ScannedBodiesTest " + shape + ": seed " + SEED + ", " + plainScanned + " of " + plain
                + " plain response bodies scanned, of " + BODIES);
        assertThat(plainScanned).as("plain bodies read by the scanner").isEqualTo(plain).isGreaterThan(BODIES / 5);
    }

    @Test
    void theCommonBodiesAreScanned() {
        EndpointRule rule = Calls.rule("endpoints:\n  - match: {path: /members}\n"
                + "    request: {rows: /members, row_id: /id, op: added}\n"
                + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n");
        byte[] request = "{\"members\": [{\"id\": \"C1\", \"email\": \"a\\u0040b.c\"}, {\"id\": 2, \"n\": 1.50}]}"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] response = "{\"results\":[{\"ok\":true},{\"ok\":false,\"error\":{\"message\":\"no\",\"code\":1.5}}]}"
                .getBytes(StandardCharsets.US_ASCII);
        RowExtractor.Extracted rows = ScannedRows.extract(JsonText.ofUtf8(request, request.length, "request body"),
                rule.request(), Map.of());
        assertThat(rows).isEqualTo(new RowExtractor.Extracted(List.of(
                new ExtractedRow(0, "C1", OpType.ADDED, "{\"id\": \"C1\", \"email\": \"a\\u0040b.c\"}"),
                new ExtractedRow(1, "2", OpType.ADDED, "{\"id\": 2, \"n\": 1.50}")), 2, null));
        ResponseItems items = ScannedItems.read(JsonText.ofUtf8(response, response.length, "response body"), rule.response(), 0);
        assertThat(items).isNotNull();
        assertThat(verdicts(items, rule, List.of("C0", "C1"))).isEqualTo(List.of(List.of(Verdict.SUCCEEDED, Verdict.failed("no")), "null"));
    }

    private static EndpointRule rule(Shape shape) {
        return Calls.rule("endpoints:\n  - " + (shape.endpointYaml().startsWith("match") ? "" : "match: {path: /v1}\n    ")
                + shape.endpointYaml() + "\n" + (shape.endpointYaml().contains("request:") ? ""
                : "    request: {rows: /rows, row_id: /id}\n"));
    }

    private static Object rowsByJackson(JsonText text, EndpointRule rule, Map<String, String> pathVariables) {
        try {
            return RowExtractor.extractWithJackson(text, rule.request(), pathVariables, new FieldPrivacy(rule.privacy()));
        } catch (UnreadableCallException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** The way the interpreter reads rows: the scanner, else Jackson. */
    private static Object rowsRead(JsonText text, EndpointRule rule, Map<String, String> pathVariables) {
        try {
            return RowExtractor.extract(text, rule.request(), pathVariables, new FieldPrivacy(rule.privacy()));
        } catch (UnreadableCallException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static Object itemsByJackson(JsonText text, EndpointRule rule) {
        try {
            return ResponseItems.readWithJackson(text, rule.response(), 0);
        } catch (UnreadableCallException e) {
            return "unreadable: " + e.getMessage();
        } catch (RuntimeException e) {
            // Jackson's own failures beyond syntax (an exponent it will not convert): the interpreter's catch-all.
            return "failed: " + e;
        }
    }

    /** What the items say about rows of the given ids, as the outcome readers tell it. */
    private static List<Object> verdicts(ResponseItems items, EndpointRule rule, List<String> ids) {
        List<ExtractedRow> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            rows.add(new ExtractedRow(i, ids.get(i), OpType.ADDED, "{}"));
        }
        if (items.kind() != ResponseItems.Kind.ARRAY && items.kind() != ResponseItems.Kind.OBJECT) {
            return List.of(items.kind());
        }
        try {
            OutcomeReader.Verdicts verdicts = OutcomeReader.forShape(rule.response().outcome())
                    .read(items, new RowExtractor.Extracted(rows, rows.size(), null), rule.response(),
                            OutcomeReader.unlisted(rule.response()));
            return List.of(Arrays.asList(verdicts.verdicts()), String.valueOf(verdicts.note()));
        } catch (UnreadableCallException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    /**
     * A generated body: its bytes, the row ids it is about, and whether it is plain: well-formed ASCII JSON without
     * what the scanner leaves to Jackson (escapes in texts it returns, fractions, repeated names, deep nesting).
     */
    record Body(byte[] bytes, List<String> ids, String mutation, boolean plain) {
        String text() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
        }
    }

    private static Body body(Shape shape, int n) {
        Random random = new Random(SEED ^ shape.name().hashCode() ^ (long) n << 20);
        Gen gen = new Gen(random, random.nextBoolean());
        List<String> ids = new ArrayList<>();
        for (int i = 0, count = random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(8); i < count; i++) {
            ids.add("C" + i);
        }
        Collections.shuffle(ids, random);
        String text = shape.body().apply(gen, ids).text();
        if (random.nextInt(3) > 0) {
            return new Body(bytes(text), ids, gen.plain ? "plain" : "intact", gen.plain);
        }
        return new Body(bytes(damaged(text, random)), ids, "damaged", false);
    }

    private static String damaged(String text, Random random) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        String garbage = String.valueOf("{}[],:\"\\ x0-.eE+tfnu\u0001\u007f\u00e9".charAt(random.nextInt(23)));
        switch (random.nextInt(5)) {
            case 0: return text.substring(0, at);
            case 1: return text.substring(0, at) + garbage + text.substring(at);
            case 2: return text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
            case 3: return text.substring(0, at) + garbage + text.substring(Math.min(text.length(), at + 1));
            default: return text + text.substring(at);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** JSON text, as the generator writes it. */
    record Json(String text) {
    }

    /** Writes JSON the way destinations and apps do, and the odd ways too: whitespace, escapes, repeated names, deep values. */
    static final class Gen {
        private final Random random;
        /** Only what the scanner reads itself. */
        private final boolean plain;

        Gen(Random random, boolean plain) {
            this.random = random;
            this.plain = plain;
        }

        /** One of the first {@code plainChoices} when plain, else any. */
        @SafeVarargs
        private <T> T pickPlain(int plainChoices, T... choices) {
            return choices[random.nextInt(plain ? plainChoices : choices.length)];
        }

        Json raw(String text) {
            return new Json(text);
        }

        @SafeVarargs
        final <T> T pick(T... choices) {
            return choices[random.nextInt(choices.length)];
        }

        private String ws() {
            return random.nextInt(3) > 0 ? "" : pick(" ", "\n  ", "\t", "\r\n", "  ");
        }

        /**
         * An object of the given names and values, with extra properties here and there; a row also misses one of
         * them now and then, and unless plain repeats a name.
         */
        Json row(Object... namesAndValues) {
            return object(true, namesAndValues);
        }

        /** An object that has all the given members: one that leads to the rows or items. */
        Json obj(Object... namesAndValues) {
            return object(false, namesAndValues);
        }

        private Json object(boolean missing, Object... namesAndValues) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                if (!missing || random.nextInt(25) > 0) {
                    members.add(member((String) namesAndValues[i], (Json) namesAndValues[i + 1]));
                }
                if (!plain && random.nextInt(40) == 0) {
                    members.add(member((String) namesAndValues[i], any(2)));
                }
            }
            for (int extra = random.nextInt(3); extra > 0; extra--) {
                members.add(random.nextInt(members.size() + 1), member(plain ? "x" + extra : name(), any(3)));
            }
            return new Json(ws() + "{" + String.join(",", members) + ws() + "}" + ws());
        }

        Json arr(List<String> elements, java.util.function.Function<String, Json> element) {
            List<String> out = new ArrayList<>();
            elements.forEach(e -> out.add(element.apply(e).text()));
            return new Json(ws() + "[" + ws() + String.join("," + ws(), out) + ws() + "]" + ws());
        }

        Json keyed(List<String> ids, java.util.function.Function<String, Json> value) {
            List<String> out = new ArrayList<>();
            ids.forEach(id -> out.add(member(!plain && random.nextInt(20) == 0 ? id + "\\u0030" : id, value.apply(id))));
            return new Json(ws() + "{" + String.join(",", out) + ws() + "}" + ws());
        }

        private String member(String name, Json value) {
            return ws() + "\"" + name + "\"" + ws() + ":" + ws() + value.text();
        }

        private String name() {
            return pick("email", "score", "id2", "nested", "k" + random.nextInt(99), "", "properties\\u0031", "na\\\"me", "\u00e9t\u00e9");
        }

        /** A row id as APIs send them: a string mostly, else a number, an escaped or empty string, null, a container. */
        Json id(String id) {
            String digits = id.replaceAll("\\D", "");
            switch (random.nextInt(16)) {
                case 0: return new Json(digits.isEmpty() ? "0" : digits);
                case 1: return new Json("-" + (digits.isEmpty() ? "0" : digits));
                case 2: return new Json(plain ? "1" + digits + "0000000000" : digits + "0000000000000000000000");
                case 3: return new Json(plain ? "false" : digits + ".0");
                case 4: return new Json(plain ? "\"" + id + "\"" : "\"" + id.replace("C", "\\u0043") + "\"");
                case 5: return new Json(pick("null", "\"\"", "true", "{\"id\":\"" + id + "\"}", "[]"));
                case 6: return new Json(plain ? "\"" + id + "\"" : "\"" + id + "\u00e9\"");
                default: return new Json(ws() + "\"" + id + "\"" + ws());
            }
        }

        Json op() {
            return new Json(pickPlain(10, "\"subscribe\"", "\"unsubscribe\"", "\"added\"", "\"removed\"", "\"upsert\"", "\"bogus\"",
                    "null", "5", "true", "{}", "\"sub\\u0073cribe\"", "2.0"));
        }

        Json success() {
            return new Json(pickPlain(8, "true", "true", "false", "\"true\"", "1", "null", "[true]", "\"ok\"", "1.0"));
        }

        Json text() {
            return new Json(pickPlain(9, "\"refused\"", "\"bad email\"", "\"\"", "42", "-0", "null", "false",
                    "{\"message\":\"deep\"}", "\"del \u007f\"", "\"quote \\\" inside\"", "\"tab\\there\"", "\"caf\u00e9\"",
                    "\"emoji \ud83d\ude00\"", "12345678901234567890123", "1.50", "2e3",
                    "\"" + "x".repeat(random.nextInt(30) == 0 ? 20_000 : 5) + "\""));
        }

        Json fields() {
            return random.nextInt(8) == 0 ? new Json(pick("\"text\"", "7", "null", "[1, 2.5, \"x\"]", "\"es\\ncaped\""))
                    : row("email", text(), "score", text(), "nested", any(4));
        }

        /** Any value, nested up to {@code depth} levels, or now and then far deeper than the scanner goes. */
        Json any(int depth) {
            if (!plain && random.nextInt(60) == 0) {
                int levels = 20 + random.nextInt(30);
                return new Json("[".repeat(levels) + "1" + "]".repeat(levels));
            }
            if (depth == 0 || random.nextInt(3) > 0) {
                return text();
            }
            return random.nextBoolean() ? row(plain ? "a" : name(), any(depth - 1), plain ? "b" : name(), any(depth - 1))
                    : arr(List.of("a", "b"), e -> any(depth - 1));
        }
    }
}
