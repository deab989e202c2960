package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;

/** The one JSON mapper of the interpreter: numbers kept exactly as sent ("1.50" stays "1.50"). */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree we built ourselves always serializes; keep the contract of never throwing anyway.
            return "null";
        }
    }

    /** What kind of value {@code node} is, for an error saying what was found: "an empty array", "a string", "nothing". */
    static String kind(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        return node.isNull() ? "null" : node.isArray() ? (node.isEmpty() ? "an empty array" : "an array")
                : node.isObject() ? "an object" : node.isTextual() ? "a string" : node.isNumber() ? "a number"
                : "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A value as reason/id text: strings as they are, anything else as compact JSON. */
    static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : node.isValueNode() && !node.isPojo() ? node.asText() : compact(node);
    }

    /** The value the parser is at (not a container) as {@link #text} gives it for the same value in a tree. */
    static String scalarText(JsonParser parser) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : text(node(parser));
    }

    /**
     * The value the parser is at as a tree: a scalar directly (no deserializer, which costs a context per call), a
     * container through the mapper. Numbers as {@link #MAPPER} reads them: floats exact, trailing zeros kept.
     */
    static JsonNode node(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case VALUE_STRING: return TextNode.valueOf(parser.getText());
            case VALUE_TRUE: return BooleanNode.TRUE;
            case VALUE_FALSE: return BooleanNode.FALSE;
            case VALUE_NULL: return NullNode.getInstance();
            case VALUE_NUMBER_FLOAT: return decimal(parser);
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT: return IntNode.valueOf(parser.getIntValue());
                    case LONG: return LongNode.valueOf(parser.getLongValue());
                    default: return BigIntegerNode.valueOf(parser.getBigIntegerValue());
                }
            default: return MAPPER.readTree(parser);
        }
    }

    /**
     * A fraction or exponent as an exact decimal; one no {@link java.math.BigDecimal} holds (an exponent past 2^31,
     * {@code 1e99999999999}) as its own text, written back unchanged, so that such a value in a row does not cost
     * the call its rows.
     */
    private static JsonNode decimal(JsonParser parser) throws IOException {
        try {
            return DecimalNode.valueOf(parser.getDecimalValue());
        } catch (NumberFormatException beyondBigDecimal) {
            return new POJONode(new RawValue(parser.getText()));
        }
    }

    /** {@link JsonGenerator#copyCurrentEventExact}, with a number no exact decimal holds copied as its own text. */
    static void copyExact(JsonParser parser, JsonGenerator into) throws IOException {
        try {
            into.copyCurrentEventExact(parser);
        } catch (NumberFormatException beyondBigDecimal) {
            // Thrown reading the number, before anything was written.
            into.writeNumber(parser.getText());
        }
    }

    /**
     * Why a body could not be read when a number in it is beyond an exact decimal, inside a value read whole (an
     * object or array): the number itself is not quoted, as it may be a protected field's value.
     */
    static String numberProblem(String what) {
        return what + " has a number whose exponent is out of range (beyond 2^31), which synclog cannot read exactly";
    }

    /** Present and meaningful: not missing, null, false, "" or an empty array/object. */
    static boolean present(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return !node.textValue().isEmpty();
        }
        return !node.isContainerNode() || node.size() > 0;
    }

    /** Why a body is not JSON, in a few words: where, and Jackson's complaint without quoting long body text. */
    static String parseProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int cut = message.length();
        for (String marker : new String[] {"\n", " (start marker", ": was expecting", " at [Source"}) {
            int at = message.indexOf(marker);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String problem = message.substring(0, cut).replaceAll("'[^']{4,}'", "'…'");
        return e.getLocation() == null ? problem
                : problem + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
