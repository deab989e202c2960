package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a streaming parser is, as the names and indexes from the root of the value being read, to match JSON pointers
 * against without building a tree. Call {@link #value} on every value token, {@link #name} on every field name,
 * {@link #enter} after a container's start and {@link #exit} on its end.
 */
final class StreamPath {
    private static final Map<JsonPointer, Pointer> COMPILED = new ConcurrentHashMap<>();

    private String[] names = new String[8];
    private int[] indexes = new int[8];
    private boolean[] inArray = new boolean[8];
    private int depth;

    /**
     * A JSON pointer as steps: at step k, a property name or an array index (-1 when it cannot be one); the name also
     * as its ASCII bytes, for {@link AsciiJsonScanner#nameIs}, or null when it has another character (an ASCII body's
     * names cannot be it); and whether the step is {@code *}, which steps into an object's first member whatever its
     * name (Elasticsearch's bulk items are each an object of one member named by the action) and into nothing else.
     * The configuration allows {@code *} only in the pointers of response items, whose readers honour it.
     */
    record Pointer(JsonPointer source, String[] names, int[] indexes, byte[][] asciiNames, boolean[] anyName) {
        /**
         * Compiled once per pointer: pointers come from the configuration, so the cache stays as small as it is.
         * Null for null: an optional pointer stays absent.
         */
        static Pointer of(JsonPointer pointer) {
            return pointer == null ? null : COMPILED.computeIfAbsent(pointer, Pointer::compile);
        }

        private static Pointer compile(JsonPointer pointer) {
            List<String> names = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (JsonPointer step = pointer; !step.matches(); step = step.tail()) {
                names.add(step.getMatchingProperty());
                indexes.add(step.getMatchingIndex());
            }
            boolean[] anyName = new boolean[names.size()];
            for (int k = 0; k < anyName.length; k++) {
                anyName[k] = names.get(k).equals("*");
            }
            return new Pointer(pointer, names.toArray(String[]::new), indexes.stream().mapToInt(Integer::intValue).toArray(),
                    names.stream().map(Pointer::asciiBytes).toArray(byte[][]::new), anyName);
        }

        /** A name's bytes when each character is one of 1 to 127, the bytes of an ASCII body; else null. */
        private static byte[] asciiBytes(String name) {
            return name.chars().allMatch(c -> c >= 1 && c <= 127) ? name.getBytes(StandardCharsets.US_ASCII) : null;
        }

        int length() {
            return names.length;
        }

        /** The value this pointer names in {@code root}; {@link MissingNode} where there is none. */
        JsonNode in(JsonNode root) {
            return in(root, 0);
        }

        /** The value the rest of this pointer, after its first {@code steps} steps, names in {@code value}. */
        JsonNode in(JsonNode value, int steps) {
            JsonNode node = value;
            for (int k = steps; k < names.length && !node.isMissingNode(); k++) {
                if (anyName[k]) {
                    node = node.isObject() && !node.isEmpty() ? node.elements().next() : MissingNode.getInstance();
                } else {
                    node = node.isArray() ? node.path(indexes[k]) : node.path(names[k]);
                }
            }
            return node;
        }
    }

    /** Reads the value the parser is at, to its end. */
    interface ValueReader {
        void read(JsonParser parser, JsonToken token) throws IOException;
    }

    /** What a {@link #walk} does with each value it meets. */
    interface Visitor {
        /** Reads the current value to its end when it is one wanted, and says so; false lets the walk go on. */
        boolean read(JsonParser parser, JsonToken token) throws IOException;

        /** A wanted value may lie inside the current container: the walk enters it rather than skip it. */
        boolean leadsInto();
    }

    /**
     * Reads the root value the parser is at to its end (so that a body broken past the part we want is still not
     * JSON), handing the value {@code pointer} names to {@code reader}; with a name repeated, each time, so that the
     * last counts as in a tree. Containers the pointer cannot lead into are skipped, not walked.
     */
    static void find(JsonParser parser, JsonToken first, Pointer pointer, ValueReader reader) throws IOException {
        StreamPath path = new StreamPath();
        path.walk(parser, first, new Visitor() {
            @Override
            public boolean read(JsonParser p, JsonToken token) throws IOException {
                if (!path.at(pointer)) {
                    return false;
                }
                reader.read(p, token);
                return true;
            }

            @Override
            public boolean leadsInto() {
                return path.leadsTo(pointer);
            }
        });
    }

    /**
     * Walks the value the parser is at, from its first token to its last, as this path, handing each value to
     * {@code visitor}; returns the last token read, null at the input's end.
     */
    JsonToken walk(JsonParser parser, JsonToken first, Visitor visitor) throws IOException {
        reset();
        JsonToken token = first;
        do {
            if (token == JsonToken.FIELD_NAME) {
                name(parser.currentName());
            } else if (token.isStructEnd()) {
                exit();
            } else {
                value();
                if (!visitor.read(parser, token)) {
                    if (token.isStructStart() && visitor.leadsInto()) {
                        enter(token == JsonToken.START_ARRAY);
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } while (depth > 0 && (token = parser.nextToken()) != null);
        return token;
    }

    void reset() {
        depth = 0;
    }

    int depth() {
        return depth;
    }

    /** A value starts here: the next element of its array, or member of its object (counted for {@code *}). */
    void value() {
        if (depth > 0) {
            indexes[depth - 1]++;
        }
    }

    void name(String name) {
        names[depth - 1] = name;
    }

    void enter(boolean array) {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
            inArray = Arrays.copyOf(inArray, depth * 2);
        }
        inArray[depth] = array;
        indexes[depth] = -1;
        names[depth] = null;
        depth++;
    }

    void exit() {
        depth--;
    }

    /** The current value is the one {@code pointer} names. */
    boolean at(Pointer pointer) {
        return pointer != null && pointer.length() == depth && leadsAlong(pointer);
    }

    /** The value {@code pointer} names may lie inside the current one. */
    boolean leadsTo(Pointer pointer) {
        return pointer != null && pointer.length() > depth && leadsAlong(pointer);
    }

    private boolean leadsAlong(Pointer pointer) {
        for (int k = 0; k < depth; k++) {
            if (inArray[k] ? pointer.indexes()[k] != indexes[k]
                    : pointer.anyName()[k] ? indexes[k] != 0 : !pointer.names()[k].equals(names[k])) {
                return false;
            }
        }
        return true;
    }
}
