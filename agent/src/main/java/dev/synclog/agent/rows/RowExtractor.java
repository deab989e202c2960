package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.RequestSpec;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * Finds the rows of a decoded request body, with each row's id, op and fields: without privacy rules with
 * {@link ScannedRows} when it can, else (and whenever it cannot) in one pass of Jackson's streaming parser (no
 * tree). Without privacy rules a row's fields are the request's own text for that value; with rules they are copied
 * token by token as compact JSON, each protected value replaced as it passes and remembered for scrubbing. One
 * instance per call.
 */
final class RowExtractor {

    /**
     * @param rows         the rows that have an id
     * @param requestCount how many rows the request holds, including those skipped for lack of an id
     * @param problem      why some rows were skipped, or null
     */
    record Extracted(ExtractedRows rows, int requestCount, String problem) {
        Extracted(List<ExtractedRow> rows, int requestCount, String problem) {
            this(ExtractedRows.of(rows), requestCount, problem);
        }
    }

    private final RequestSpec spec;
    private final FieldPrivacy privacy;
    private final StreamPath.Pointer rowId;
    private final StreamPath.Pointer opField;
    private final StreamPath.Pointer fields;
    /** {@code request.op_when_present}'s places, in order. */
    private final StreamPath.Pointer[] present;
    private final StreamPath path = new StreamPath();
    private JsonText text;
    private final RowTally rows;
    private String foundInsteadOfRows = "nothing there";
    /** The current row's id and op as found in it, or null. */
    private String foundId;
    private String foundOp;
    /** The first of {@link #present} the current row has a value at, or -1. */
    private int foundPresent;
    /** With privacy rules: the fields, written as compact JSON. */
    private StringWriter written;
    private JsonGenerator writer;

    private RowExtractor(RequestSpec spec, Map<String, String> pathVariables, FieldPrivacy privacy) {
        this.spec = spec;
        this.rows = new RowTally(spec, pathVariables, null);
        this.privacy = privacy;
        this.rowId = spec.rowIdPathVariable() != null ? null : StreamPath.Pointer.of(spec.rowId());
        this.opField = StreamPath.Pointer.of(spec.opField());
        this.fields = StreamPath.Pointer.of(spec.fields());
        this.present = spec.opWhenPresent().keySet().stream().map(StreamPath.Pointer::of).toArray(StreamPath.Pointer[]::new);
    }

    /**
     * @param body the decoded body, null when empty
     * @param privacy learns every protected value of every row, including rows skipped for lack of an id: a
     *                destination may echo one in a reason about another row or the call
     */
    static Extracted extract(JsonText body, RequestSpec spec, Map<String, String> pathVariables,
                             FieldPrivacy privacy) throws UnreadableCallException {
        // The scanner does not protect values: with privacy rules every row is copied token by token by Jackson.
        Extracted scanned = privacy.active() ? null : ScannedRows.extract(body, spec, pathVariables);
        return scanned != null ? scanned : extractWithJackson(body, spec, pathVariables, privacy);
    }

    /** {@link #extract} with Jackson's parser, whatever the body. */
    static Extracted extractWithJackson(JsonText body, RequestSpec spec, Map<String, String> pathVariables,
                                        FieldPrivacy privacy) throws UnreadableCallException {
        RowExtractor extractor = new RowExtractor(spec, pathVariables, privacy);
        try {
            extractor.read(body);
        } catch (JsonProcessingException e) {
            if (body != null && body.ascii() != null) {
                // Jackson's byte parser words some errors differently ("end-of-input in VALUE_STRING"): the reason
                // is the one the text gives, whichever way the body was read.
                return extractWithJackson(body.decoded(), spec, pathVariables, privacy);
            }
            throw new UnreadableCallException(body.what() + " is not valid JSON: " + Json.parseProblem(e));
        } catch (IOException e) {
            throw new UnreadableCallException(body.what() + " could not be read: " + e.getMessage());
        }
        return extractor.rows.extracted();
    }

    private void read(JsonText body) throws IOException, UnreadableCallException {
        text = body == null ? JsonText.of("", "request body") : body;
        try (JsonParser parser = text.parser()) {
            JsonToken first = parser.nextToken();
            if (spec.wholeBodyIsOneRow()) {
                if (first == null) {
                    rows.add(null, null, -1, "{}");
                } else {
                    row(parser, first);
                }
                return;
            }
            if (first != null) {
                StreamPath.find(parser, first, StreamPath.Pointer.of(spec.rows()), this::rowsOrNot);
            }
            String found = first == null ? "an empty body" : foundInsteadOfRows;
            if (found != null) {
                throw new UnreadableCallException("request has no array of rows at '" + spec.rows() + "' (request.rows); found "
                        + found);
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** At the rows pointer: an array's elements are the rows; anything else is said. */
    private void rowsOrNot(JsonParser parser, JsonToken token) throws IOException {
        foundInsteadOfRows = token == JsonToken.START_ARRAY ? null : describe(token);
        if (foundInsteadOfRows == null) {
            rows(parser);
        } else {
            parser.skipChildren();
        }
    }

    /** From the array's start to its end, each element a row. */
    private void rows(JsonParser parser) throws IOException {
        rows.clear();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            row(parser, token);
        }
    }

    /** One row, from its first token to its last: its id, op and fields. */
    private void row(JsonParser parser, JsonToken first) throws IOException {
        boolean protecting = privacy.active();
        foundId = null;
        foundOp = null;
        foundPresent = -1;
        String fieldsJson = null;
        int fieldsDepth = -1;
        int fieldsStart = -1;
        FieldPrivacy.Protection pending = null;
        String pendingName = null;
        path.reset();
        JsonToken token = first;
        do {
            boolean copying = protecting && fieldsDepth >= 0;
            if (token == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                path.name(name);
                pending = protecting ? privacy.protection(name) : null;
                pendingName = name;
                if (copying && pending == null) {
                    writer.writeFieldName(name);
                }
                continue;
            }
            if (token.isStructEnd()) {
                path.exit();
                if (copying) {
                    Json.copyExact(parser, writer);
                }
                if (path.depth() == fieldsDepth) {
                    fieldsJson = copying ? written() : text.slice(fieldsStart, offsetAfter(parser));
                    fieldsDepth = -1;
                }
                continue;
            }
            path.value();
            if (path.at(rowId)) {
                foundId = idText(parser, token);
            }
            if (path.at(opField)) {
                foundOp = token.isScalarValue() ? Json.scalarText(parser) : null;
            }
            if (token != JsonToken.VALUE_NULL) {
                for (int k = 0; k < present.length && (foundPresent < 0 || k < foundPresent); k++) {
                    foundPresent = path.at(present[k]) ? k : foundPresent;
                }
            }
            if (path.at(fields)) {
                if (protecting) {
                    Json.copyExact(parser, writer());
                } else {
                    fieldsStart = text.offset(parser.currentTokenLocation());
                }
                if (!token.isStructStart()) {
                    fieldsJson = protecting ? written() : scalarSource(parser);
                } else if (protecting || leadsToIdOrOp()) {
                    fieldsDepth = path.depth();
                    path.enter(token == JsonToken.START_ARRAY);
                } else {
                    parser.skipChildren();
                    fieldsJson = text.slice(fieldsStart, offsetAfter(parser));
                }
            } else if (pending != null) {
                String replacement = token.isStructStart() && leadsToIdOrOp()
                        ? protectAroundIdOrOp(parser, pending) : privacy.protect(parser, pending);
                if (copying && replacement != null) {
                    writer.writeFieldName(pendingName);
                    writer.writeString(replacement);
                }
            } else if (copying) {
                Json.copyExact(parser, writer);
                if (token.isStructStart()) {
                    path.enter(token == JsonToken.START_ARRAY);
                }
            } else if (token.isStructStart() && (protecting || leadsToIdOrOp() || path.leadsTo(fields))) {
                path.enter(token == JsonToken.START_ARRAY);
            } else {
                parser.skipChildren();
            }
            pending = null;
        } while (path.depth() > 0 && (token = parser.nextToken()) != null);
        rows.add(foundId, foundOp, foundPresent, fieldsJson == null ? "{}" : fieldsJson);
    }

    /** The row's id or what tells its op may lie inside the current value. */
    private boolean leadsToIdOrOp() {
        if (path.leadsTo(rowId) || path.leadsTo(opField)) {
            return true;
        }
        for (StreamPath.Pointer place : present) {
            if (path.leadsTo(place)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rare: the id or op lies inside a protected value. Reads that value as a tree to find them, then protects the
     * tree's tokens as it would have the stream's.
     */
    private String protectAroundIdOrOp(JsonParser parser, FieldPrivacy.Protection protection) throws IOException {
        JsonNode value = Json.MAPPER.readTree(parser);
        if (path.leadsTo(rowId)) {
            JsonNode inside = rowId.in(value, path.depth());
            foundId = inside.isValueNode() && !inside.isNull() && !Json.text(inside).isEmpty() ? Json.text(inside) : null;
        }
        if (path.leadsTo(opField)) {
            JsonNode inside = opField.in(value, path.depth());
            foundOp = inside.isValueNode() ? Json.text(inside) : null;
        }
        for (int k = 0; k < present.length && (foundPresent < 0 || k < foundPresent); k++) {
            JsonNode inside = path.leadsTo(present[k]) ? present[k].in(value, path.depth()) : null;
            foundPresent = inside != null && !inside.isMissingNode() && !inside.isNull() ? k : foundPresent;
        }
        try (JsonParser tree = value.traverse(Json.MAPPER)) {
            tree.nextToken();
            return privacy.protect(tree, protection);
        }
    }

    /** An id is a value that is not null and not empty. */
    private static String idText(JsonParser parser, JsonToken token) throws IOException {
        if (!token.isScalarValue() || token == JsonToken.VALUE_NULL) {
            return null;
        }
        String id = Json.scalarText(parser);
        return id.isEmpty() ? null : id;
    }

    /** A value that is not a container, as written in the request. */
    private String scalarSource(JsonParser parser) throws IOException {
        parser.finishToken();
        return text.slice(text.offset(parser.currentTokenLocation()), offsetAfter(parser));
    }

    private int offsetAfter(JsonParser parser) {
        return text.offset(parser.currentLocation());
    }

    private JsonGenerator writer() throws IOException {
        if (writer == null) {
            written = new StringWriter();
            writer = Json.MAPPER.getFactory().createGenerator(written).setRootValueSeparator(null);
        }
        return writer;
    }

    /** What the writer holds: one row's fields. */
    private String written() throws IOException {
        writer.flush();
        String json = written.toString();
        written.getBuffer().setLength(0);
        return json;
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT: return "an object";
            case VALUE_NULL: return "null";
            case VALUE_STRING: return "a string";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            default: return "a number";
        }
    }
}
