package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.synclog.agent.config.ResponseSpec;

import java.io.IOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The per-row result items of a response, read by {@link ScannedItems} when it can, else (and whenever it cannot)
 * with Jackson's streaming parser: of each item only the values the response spec points at (id, index, success,
 * error, reason) become small trees; the rest is skipped. Held as columns, not an object an item: the outcome
 * readers ask for an item's values by its position, and an {@link Item} is made only where one is asked for (a
 * failed row's reason quotes it).
 */
final class ResponseItems {

    enum Kind { EMPTY_BODY, ABSENT, NULL, ARRAY, OBJECT, VALUE }

    /** The values an item may have, in the order of {@link Item}'s components and of the readers' pointers. */
    static final int ID = 0;
    static final int INDEX = 1;
    static final int SUCCESS = 2;
    static final int ERROR = 3;
    static final int REASON = 4;
    private static final int VALUES = 5;
    private static final Columns NONE = new Columns(null, new boolean[VALUES], 0);

    /**
     * One item: each value is {@link MissingNode} where the item has none.
     *
     * @param key   the property name, for items of an object
     * @param whole the response text and the item's place in it, for a reason that quotes the whole item
     */
    record Item(String key, JsonNode id, JsonNode index, JsonNode success, JsonNode error, JsonNode reason,
                JsonText whole, int start, int end) {
        /** The item as compact JSON; as sent when a number in it is beyond an exact decimal, which Jackson's tree refuses. */
        String compact() {
            String text = whole.slice(start, end);
            try {
                return Json.compact(Json.MAPPER.readTree(text));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an item that parsed once parses again", e);
            } catch (NumberFormatException beyondBigDecimal) {
                return text;
            }
        }
    }

    private final Kind kind;
    private final Columns columns;

    private ResponseItems(Kind kind, Columns columns) {
        this.kind = kind;
        this.columns = columns;
    }

    /** No items: {@code kind} says why. */
    static ResponseItems none(Kind kind) {
        return new ResponseItems(kind, NONE);
    }

    /**
     * Where a reader gathers the items it finds, for the values {@code spec} points at, with room for
     * {@code expected} items at first (more grow it).
     */
    static Columns columns(JsonText text, ResponseSpec spec, int expected) {
        return new Columns(text, new boolean[] {spec.id() != null, spec.index() != null, spec.success() != null,
                spec.error() != null, spec.reason() != null}, expected);
    }

    /**
     * @param text     the response body, null when empty
     * @param expected how many items there likely are (the request's rows), to make room for at once
     */
    static ResponseItems read(JsonText text, ResponseSpec spec, int expected) throws UnreadableCallException {
        ResponseItems scanned = ScannedItems.read(text, spec, expected);
        return scanned != null ? scanned : readWithJackson(text, spec, expected);
    }

    /** {@link #read} with Jackson's parser, whatever the body. */
    static ResponseItems readWithJackson(JsonText text, ResponseSpec spec, int expected) throws UnreadableCallException {
        if (text == null) {
            return none(Kind.EMPTY_BODY);
        }
        Reader reader = new Reader(text, spec, expected);
        try (JsonParser parser = text.parser()) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return none(Kind.EMPTY_BODY);
            }
            StreamPath.find(parser, first, StreamPath.Pointer.of(spec.items()), reader::items);
        } catch (JsonProcessingException e) {
            if (text.ascii() != null) {
                // As for requests (RowExtractor): the reason is worded as the text's parser words it.
                return readWithJackson(text.decoded(), spec, expected);
            }
            throw new UnreadableCallException("response body is not valid JSON: " + Json.parseProblem(e));
        } catch (IOException e) {
            throw new UnreadableCallException("response body could not be read: " + e.getMessage());
        }
        return reader.items.finish(reader.kind);
    }

    Kind kind() {
        return kind;
    }

    int size() {
        return columns.size;
    }

    String key(int item) {
        return columns.keys == null ? null : columns.keys[item];
    }

    /** The item's value of {@code which} ({@link #ID} ... {@link #REASON}); {@link MissingNode} where it has none. */
    JsonNode value(int item, int which) {
        return columns.value(item, which);
    }

    /** The item whole, for a reason that quotes it. */
    Item item(int item) {
        return new Item(key(item), value(item, ID), value(item, INDEX), value(item, SUCCESS), value(item, ERROR),
                value(item, REASON), columns.text, columns.bounds[2 * item], columns.bounds[2 * item + 1]);
    }

    /** Every item, each made as it is read. */
    List<Item> items() {
        return new AbstractList<>() {
            @Override
            public Item get(int index) {
                Objects.checkIndex(index, size());
                return item(index);
            }

            @Override
            public int size() {
                return ResponseItems.this.size();
            }
        };
    }

    /** Equal when of the same kind with equal items, however each was read. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ResponseItems && ((ResponseItems) other).kind == kind
                && ((ResponseItems) other).items().equals(items());
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + items().hashCode();
    }

    @Override
    public String toString() {
        return "ResponseItems[kind=" + kind + ", items=" + items() + "]";
    }

    /** What the items are, for a reason that says they are not what the spec expects. */
    String described() {
        return kind == Kind.ARRAY ? "an array" : kind == Kind.OBJECT ? "an object" : "a single value";
    }

    /** Reads the items; visits each item's values (one visitor for them all, so an item costs only its own values). */
    private static final class Reader implements StreamPath.Visitor {
        private final JsonText text;
        /** In {@link Item}'s order: id, index, success, error, reason. */
        private final StreamPath.Pointer[] pointers;
        private final StreamPath path = new StreamPath();
        private final ResponseSpec spec;
        private final int expected;
        private Kind kind = Kind.ABSENT;
        private Columns items = NONE;

        Reader(JsonText text, ResponseSpec spec, int expected) {
            this.text = text;
            this.spec = spec;
            this.expected = expected;
            this.pointers = new StreamPath.Pointer[] {StreamPath.Pointer.of(spec.id()), StreamPath.Pointer.of(spec.index()),
                    StreamPath.Pointer.of(spec.success()), StreamPath.Pointer.of(spec.error()), StreamPath.Pointer.of(spec.reason())};
        }

        /** At {@code response.items}: an array's elements or an object's properties are the items. */
        void items(JsonParser parser, JsonToken token) throws IOException {
            items = columns(text, spec, expected);
            if (token == JsonToken.START_ARRAY) {
                kind = Kind.ARRAY;
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    item(parser, element, null);
                }
            } else if (token == JsonToken.START_OBJECT) {
                kind = Kind.OBJECT;
                for (JsonToken name = parser.nextToken(); name == JsonToken.FIELD_NAME; name = parser.nextToken()) {
                    String key = parser.currentName();
                    item(parser, parser.nextToken(), key);
                }
            } else {
                kind = token == JsonToken.VALUE_NULL ? Kind.NULL : Kind.VALUE;
            }
        }

        private void item(JsonParser parser, JsonToken first, String key) throws IOException {
            items.begin(key, text.offset(parser.currentTokenLocation()));
            JsonToken token = path.walk(parser, first, this);
            if (token != null && token.isScalarValue()) {
                parser.finishToken();
            }
            items.end(text.offset(parser.currentLocation()));
        }

        /**
         * Reads the current value as a tree when a pointer names it (one tree for all that do), and finds in that
         * tree the values of pointers that lead into it ({@code error: /error}, {@code reason: /error/message}).
         */
        @Override
        public boolean read(JsonParser parser, JsonToken token) throws IOException {
            JsonNode value = null;
            for (int p = 0; p < pointers.length; p++) {
                if (path.at(pointers[p])) {
                    value = value == null ? Json.node(parser) : value;
                    items.value(p, value);
                }
            }
            if (value != null && value.isContainerNode()) {
                for (int p = 0; p < pointers.length; p++) {
                    if (path.leadsTo(pointers[p])) {
                        items.value(p, pointers[p].in(value, path.depth()));
                    }
                }
            }
            return value != null;
        }

        @Override
        public boolean leadsInto() {
            for (StreamPath.Pointer pointer : pointers) {
                if (path.leadsTo(pointer)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The items as a reader finds them, one after the other: a slot an item for each value the spec points at (an
     * item has no more), where a value it lacks stays null; and where each item starts and ends in the text.
     */
    static final class Columns {
        /** The room made at first when how many items to expect is not known. */
        private static final int FIRST_ITEMS = 8;

        private final JsonText text;
        private final int firstItems;
        /** Per value ({@link #ID} ...), its slot in an item's values, or -1 when the spec does not point at it. */
        private final int[] slots = new int[VALUES];
        private final int width;
        private String[] keys;
        private JsonNode[] values;
        private int[] bounds;
        private int size;

        private Columns(JsonText text, boolean[] pointedAt, int expected) {
            this.text = text;
            // Never more than the text can hold (an item and its comma take two characters at least).
            int fit = text == null ? 0 : text.length() / 2;
            this.firstItems = Math.max(1, expected > 0 ? Math.min(expected, fit) : FIRST_ITEMS);
            int width = 0;
            for (int which = 0; which < VALUES; which++) {
                slots[which] = pointedAt[which] ? width++ : -1;
            }
            this.width = width;
        }

        /** Starts the next item, at {@code start} in the text; {@code key} is its name in an object of items. */
        void begin(String key, int start) {
            if (bounds == null || 2 * size == bounds.length) {
                grow();
            }
            if (key != null && keys == null) {
                keys = new String[bounds.length / 2];
            }
            if (keys != null) {
                keys[size] = key;
            }
            bounds[2 * size] = start;
        }

        /** The started item's value of {@code which}; a later one for the same replaces it. */
        void value(int which, JsonNode value) {
            values[size * width + slots[which]] = value;
        }

        /** Ends the started item at {@code end} in the text. */
        void end(int end) {
            bounds[2 * size + 1] = end;
            size++;
        }

        ResponseItems finish(Kind kind) {
            return new ResponseItems(kind, this);
        }

        private void grow() {
            int items = bounds == null ? firstItems : bounds.length;
            bounds = bounds == null ? new int[2 * items] : Arrays.copyOf(bounds, 2 * items);
            values = values == null ? new JsonNode[items * width] : Arrays.copyOf(values, items * width);
            keys = keys == null ? null : Arrays.copyOf(keys, items);
        }

        private JsonNode value(int item, int which) {
            JsonNode value = slots[which] < 0 ? null : values[item * width + slots[which]];
            return value == null ? MissingNode.getInstance() : value;
        }
    }
}
