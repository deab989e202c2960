package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.synclog.agent.config.ResponseSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-row result items of a response, read by {@link ScannedItems} when it can, else (and whenever it cannot)
 * with Jackson's streaming parser: of each item only the values the response spec points at (id, index, success,
 * error, reason) become small trees; the rest is skipped.
 *
 * @param kind  what is at {@code response.items}
 * @param items the array's elements, or the object's properties (each keyed by its name)
 */
record ResponseItems(Kind kind, List<Item> items) {

    enum Kind { EMPTY_BODY, ABSENT, NULL, ARRAY, OBJECT, VALUE }

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

    /** @param text the response body, null when empty */
    static ResponseItems read(JsonText text, ResponseSpec spec) throws UnreadableCallException {
        ResponseItems scanned = ScannedItems.read(text, spec);
        return scanned != null ? scanned : readWithJackson(text, spec);
    }

    /** {@link #read} with Jackson's parser, whatever the body. */
    static ResponseItems readWithJackson(JsonText text, ResponseSpec spec) throws UnreadableCallException {
        if (text == null) {
            return new ResponseItems(Kind.EMPTY_BODY, List.of());
        }
        Reader reader = new Reader(text, spec);
        try (JsonParser parser = text.parser()) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new ResponseItems(Kind.EMPTY_BODY, List.of());
            }
            StreamPath.find(parser, first, StreamPath.Pointer.of(spec.items()), reader::items);
        } catch (JsonProcessingException e) {
            if (text.ascii() != null) {
                // As for requests (RowExtractor): the reason is worded as the text's parser words it.
                return readWithJackson(text.decoded(), spec);
            }
            throw new UnreadableCallException("response body is not valid JSON: " + Json.parseProblem(e));
        } catch (IOException e) {
            throw new UnreadableCallException("response body could not be read: " + e.getMessage());
        }
        return new ResponseItems(reader.kind, reader.items);
    }

    int size() {
        return items.size();
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
        /** The current item's values, in {@link #pointers}' order. */
        private final JsonNode[] found;
        private Kind kind = Kind.ABSENT;
        private List<Item> items = List.of();

        Reader(JsonText text, ResponseSpec spec) {
            this.text = text;
            this.pointers = new StreamPath.Pointer[] {StreamPath.Pointer.of(spec.id()), StreamPath.Pointer.of(spec.index()),
                    StreamPath.Pointer.of(spec.success()), StreamPath.Pointer.of(spec.error()), StreamPath.Pointer.of(spec.reason())};
            this.found = new JsonNode[pointers.length];
        }

        /** At {@code response.items}: an array's elements or an object's properties are the items. */
        void items(JsonParser parser, JsonToken token) throws IOException {
            items = new ArrayList<>();
            if (token == JsonToken.START_ARRAY) {
                kind = Kind.ARRAY;
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    items.add(item(parser, element, null));
                }
            } else if (token == JsonToken.START_OBJECT) {
                kind = Kind.OBJECT;
                for (JsonToken name = parser.nextToken(); name == JsonToken.FIELD_NAME; name = parser.nextToken()) {
                    String key = parser.currentName();
                    items.add(item(parser, parser.nextToken(), key));
                }
            } else {
                kind = token == JsonToken.VALUE_NULL ? Kind.NULL : Kind.VALUE;
            }
        }

        private Item item(JsonParser parser, JsonToken first, String key) throws IOException {
            Arrays.fill(found, MissingNode.getInstance());
            int start = text.offset(parser.currentTokenLocation());
            JsonToken token = path.walk(parser, first, this);
            if (token != null && token.isScalarValue()) {
                parser.finishToken();
            }
            int end = text.offset(parser.currentLocation());
            return new Item(key, found[0], found[1], found[2], found[3], found[4], text, start, end);
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
                    found[p] = value;
                }
            }
            if (value != null && value.isContainerNode()) {
                for (int p = 0; p < pointers.length; p++) {
                    if (path.leadsTo(pointers[p])) {
                        found[p] = value.at(pointers[p].after(path.depth()));
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
}
