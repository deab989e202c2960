package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, located access to one YAML mapping of the config. Every problem becomes a {@link ConfigException}
 * at the offending value, with the dotted place ({@code endpoints[0].request.row_id}) and a fix.
 */
final class MapReader {
    private final ConfigContext context;
    private final YamlNode.Mapping mapping;
    private final String place;

    private MapReader(ConfigContext context, YamlNode.Mapping mapping, String place) {
        this.context = context;
        this.mapping = mapping;
        this.place = place;
    }

    /** Reads {@code node} as a mapping that may hold only {@code allowedKeys}. */
    static MapReader of(ConfigContext context, YamlNode node, String place, String... allowedKeys) throws ConfigException {
        if (!(node instanceof YamlNode.Mapping)) {
            throw context.error(node, describe(place) + " must be a mapping of keys but is " + node.kind(),
                    "write it as indented 'key: value' lines");
        }
        YamlNode.Mapping mapping = (YamlNode.Mapping) node;
        List<String> allowed = Arrays.asList(allowedKeys);
        for (YamlNode.Scalar key : mapping.keys().values()) {
            if (!allowed.contains(key.text())) {
                throw context.error(key, "unknown key '" + key.text() + "' in " + describe(place),
                        "use one of: " + String.join(", ", allowed));
            }
        }
        return new MapReader(context, mapping, place);
    }

    MapReader child(String key, String... allowedKeys) throws ConfigException {
        YamlNode node = mapping.entries().get(key);
        if (node == null || isNull(node)) {
            return new MapReader(context, new YamlNode.Mapping(Map.of(), Map.of(), mapping.line(), mapping.column()),
                    placeOf(key));
        }
        return of(context, node, placeOf(key), allowedKeys);
    }

    boolean has(String key) {
        YamlNode node = mapping.entries().get(key);
        return node != null && !isNull(node);
    }

    YamlNode node(String key) {
        return mapping.entries().get(key);
    }

    String place() {
        return place;
    }

    String placeOf(String key) {
        return place.isEmpty() ? key : place + "." + key;
    }

    ConfigContext context() {
        return context;
    }

    Optional<String> text(String key) throws ConfigException {
        YamlNode node = mapping.entries().get(key);
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        return Optional.of(scalarText(node, placeOf(key)));
    }

    String requiredText(String key, String example) throws ConfigException {
        Optional<String> value = text(key);
        if (value.isEmpty() || value.get().isBlank()) {
            throw missing(key, example);
        }
        return value.get();
    }

    ConfigException missing(String key, String example) {
        YamlNode present = mapping.entries().get(key);
        YamlNode at = present != null ? present : mapping;
        String problem = present != null ? "'" + placeOf(key) + "' is empty" : "missing key '" + key + "' in " + describe(place);
        return context.error(at, problem, "add it, e.g. " + key + ": " + example);
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        YamlNode node = mapping.entries().get(key);
        if (node == null || isNull(node)) {
            return fallback;
        }
        if (node instanceof YamlNode.Scalar) {
            JsonToken token = ((YamlNode.Scalar) node).token();
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return token == JsonToken.VALUE_TRUE;
            }
            String text = context.interpolate(node, ((YamlNode.Scalar) node).text()).trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
        }
        throw context.error(node, "'" + placeOf(key) + "' must be true or false but is " + shown(node), "write " + key + ": true or " + key + ": false");
    }

    /** A size in bytes: a plain number, or a number with B, KB, KiB, MB, MiB, GB or GiB. */
    long byteSize(String key, long fallback) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return ByteSize.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw context.error(node(key), "'" + placeOf(key) + "' value '" + text.get() + "' is not a size",
                    "write a byte count or a number with a unit, e.g. " + key + ": 256MiB");
        }
    }

    /** A whole number of things, e.g. rows: digits, optionally grouped with '_' ({@code 1_000_000}). */
    long count(String key, long fallback) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        String digits = text.get().trim();
        if (digits.matches("[0-9]+(_[0-9]+)*") && digits.length() <= 18) {
            return Long.parseLong(digits.replace("_", ""));
        }
        throw context.error(node(key), "'" + placeOf(key) + "' value '" + text.get() + "' is not a whole number",
                "write digits only, e.g. " + key + ": " + fallback);
    }

    /**
     * A whole number of {@code unit} between {@code min} and {@code max}, or {@code fallback}; out of range, an error
     * that names the range and shows {@code example}.
     */
    long count(String key, long fallback, long min, long max, String unit, long example) throws ConfigException {
        long value = count(key, fallback);
        if (value < min || value > max) {
            throw context.error(node(key), String.format(Locale.ROOT, "'%s' must be between %,d and %,d %s",
                    placeOf(key), min, max, unit), "write e.g. " + key + ": " + example);
        }
        return value;
    }

    /** One value of a closed set, e.g. an enum's wire name. */
    String oneOf(String key, String fallback, String... choices) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        if (!Arrays.asList(choices).contains(text.get())) {
            throw context.error(node(key), "'" + placeOf(key) + "' value '" + text.get() + "' is not allowed",
                    "use one of: " + String.join(", ", choices));
        }
        return text.get();
    }

    /** A JSON Pointer whose every step names one member or index: a {@code *} step is refused. */
    Optional<JsonPointer> pointer(String key) throws ConfigException {
        Optional<JsonPointer> pointer = pointerWithWildcards(key);
        if (pointer.isPresent()) {
            refuseWildcard(node(key), placeOf(key), pointer.get());
        }
        return pointer;
    }

    /**
     * A JSON Pointer in which a {@code *} step stands for an object's first member whatever its name
     * ({@code /*}{@code /error} in Elasticsearch's bulk items, {@code /*}{@code /Item} in DynamoDB's write requests):
     * only for values whose readers support it.
     */
    Optional<JsonPointer> pointerWithWildcards(String key) throws ConfigException {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(compile(node(key), placeOf(key), text.get()));
    }

    /** {@link #pointerWithWildcards} for a pointer given apart from a key's value (a mapping's key). */
    JsonPointer pointerWithWildcardsAt(YamlNode node, String where, String text) throws ConfigException {
        return compile(node, where, text);
    }

    /** {@link #pointer} for a value given apart from its key (a key with other values besides pointers). */
    JsonPointer pointerAt(YamlNode node, String where, String text) throws ConfigException {
        JsonPointer pointer = compile(node, where, text);
        refuseWildcard(node, where, pointer);
        return pointer;
    }

    private JsonPointer compile(YamlNode node, String where, String text) throws ConfigException {
        if (!text.isEmpty() && !text.startsWith("/")) {
            throw context.error(node, "'" + where + "' value '" + text + "' is not a JSON Pointer",
                    "start it with '/' and separate names with '/', e.g. /" + text.replace('.', '/') + " (\"\" is the whole value)");
        }
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            throw context.error(node, "'" + where + "' value '" + text + "' is not a JSON Pointer (" + e.getMessage() + ")",
                    "write it as /name/0/other, escaping '~' as ~0 and '/' inside a name as ~1");
        }
    }

    private void refuseWildcard(YamlNode node, String where, JsonPointer pointer) throws ConfigException {
        for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
            if ("*".equals(step.getMatchingProperty())) {
                throw context.error(node, "'" + where + "' value '" + pointer + "' has a '*' step, which only the"
                                + " pointers inside a row (request.row_id, fields, op_field, op_when_present) and inside"
                                + " a response item (id, index, success, error, reason) and http_error_reason may have",
                        "name each step of this pointer");
            }
        }
    }

    /** A single text or a list of texts, e.g. {@code method: POST} or {@code method: [POST, PUT]}. */
    List<String> texts(String key) throws ConfigException {
        YamlNode node = mapping.entries().get(key);
        List<String> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (node instanceof YamlNode.Sequence) {
            List<YamlNode> items = ((YamlNode.Sequence) node).items();
            for (int i = 0; i < items.size(); i++) {
                out.add(scalarText(items.get(i), placeOf(key) + "[" + i + "]"));
            }
        } else {
            out.add(scalarText(node, placeOf(key)));
        }
        return out;
    }

    List<YamlNode> list(String key) throws ConfigException {
        YamlNode node = mapping.entries().get(key);
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence)) {
            throw context.error(node, "'" + placeOf(key) + "' must be a list but is " + node.kind(),
                    "write one '- ' item per line under " + key + ":");
        }
        return ((YamlNode.Sequence) node).items();
    }

    YamlNode.Mapping mapping() {
        return mapping;
    }

    /** A scalar's text after ${env:...}/${sys:...} interpolation. */
    String scalarText(YamlNode node, String where) throws ConfigException {
        if (!(node instanceof YamlNode.Scalar)) {
            throw context.error(node, "'" + where + "' must be a single value but is " + node.kind(),
                    "write it on one line after the colon, quoted if it contains ': ' or starts with '{' or '['");
        }
        return context.interpolate(node, ((YamlNode.Scalar) node).text());
    }

    private static boolean isNull(YamlNode node) {
        return node instanceof YamlNode.Scalar && ((YamlNode.Scalar) node).isNull();
    }

    private static String shown(YamlNode node) {
        return node instanceof YamlNode.Scalar ? "'" + ((YamlNode.Scalar) node).text() + "'" : node.kind();
    }

    private static String describe(String place) {
        return place.isEmpty() ? "the top level" : "'" + place + "'";
    }
}
