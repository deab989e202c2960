package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.synclog.agent.config.ResponseSpec;

/**
 * {@link ResponseItems}' reading of a response, done by {@link AsciiJsonScanner} on the body's ASCII bytes: the same
 * items, with the same small trees for the values the spec points at. Gives up, for the body to be read by Jackson
 * from the start, on whatever the scanner does not handle, and also when the items are repeated, an item is a
 * number or a literal, a pointed-at value holds a fraction, or an object in it repeats a name.
 */
final class ScannedItems {
    private final AsciiJsonScanner scanner;
    /** Walks to the items: its one pointer. */
    private final PointerWalk itemsWalk;
    /** In {@link ResponseItems.Item}'s order: id, index, success, error, reason. */
    private final PointerWalk item;
    private final ResponseItems.Columns items;
    private ResponseItems.Kind kind = ResponseItems.Kind.ABSENT;
    private boolean itemsFound;

    private ScannedItems(JsonText text, ResponseSpec spec, int expected) {
        this.scanner = new AsciiJsonScanner(text.ascii(), text.length());
        this.items = ResponseItems.columns(text, spec, expected);
        this.itemsWalk = new PointerWalk(scanner, this::itemsOrNot, StreamPath.Pointer.of(spec.items()));
        this.item = new PointerWalk(scanner, this::itemValue, StreamPath.Pointer.of(spec.id()), StreamPath.Pointer.of(spec.index()),
                StreamPath.Pointer.of(spec.success()), StreamPath.Pointer.of(spec.error()), StreamPath.Pointer.of(spec.reason()));
    }

    /**
     * @param expected how many items there likely are, to make room for at once
     * @return the response's items, or null when the body is to be read by Jackson
     */
    static ResponseItems read(JsonText text, ResponseSpec spec, int expected) {
        if (text == null || text.ascii() == null) {
            return null;
        }
        try {
            return new ScannedItems(text, spec, expected).read();
        } catch (AsciiJsonScanner.NotScanned leftToJackson) {
            return null;
        }
    }

    private ResponseItems read() {
        byte first = scanner.next();
        if (first != '{' && first != '[') {
            throw AsciiJsonScanner.notScanned();
        }
        itemsWalk.walk();
        return items.finish(kind);
    }

    /** At {@code response.items}, read once: an array's elements or an object's properties are the items. */
    private boolean itemsOrNot(int depth, int inLine) {
        if (!itemsWalk.at(inLine, depth, 0)) {
            return false;
        }
        if (itemsFound) {
            throw AsciiJsonScanner.notScanned();
        }
        itemsFound = true;
        byte first = scanner.next();
        if (first == '[') {
            kind = ResponseItems.Kind.ARRAY;
            if (!scanner.opensEmpty(depth, ']')) {
                do {
                    item(null);
                } while (scanner.more(']'));
            }
        } else if (first == '{') {
            kind = ResponseItems.Kind.OBJECT;
            if (!scanner.opensEmpty(depth, '}')) {
                do {
                    item(scanner.nameText(scanner.name()));
                } while (scanner.more('}'));
            }
        } else {
            scanner.skipValue(depth);
            kind = first == 'n' ? ResponseItems.Kind.NULL : ResponseItems.Kind.VALUE;
        }
        return true;
    }

    private void item(String key) {
        scanner.next();
        items.begin(key, scanner.position());
        item.walk();
        items.end(scanner.position());
    }

    /**
     * A value of an item: as a tree when a pointer names it (one tree for all that do), and the values in that tree
     * of pointers that lead into it ({@code error: /error}, {@code reason: /error/message}).
     */
    private boolean itemValue(int depth, int inLine) {
        JsonNode value = null;
        for (int bits = inLine; bits != 0; bits &= bits - 1) {
            int p = Integer.numberOfTrailingZeros(bits);
            if (item.at(inLine, depth, p)) {
                value = value == null ? node(depth) : value;
                items.value(p, value);
            }
        }
        if (value != null && value.isContainerNode()) {
            for (int bits = inLine; bits != 0; bits &= bits - 1) {
                int p = Integer.numberOfTrailingZeros(bits);
                if (item.leadsTo(inLine, depth, p)) {
                    items.value(p, item.pointer(p).in(value, depth));
                }
            }
        }
        return value != null;
    }

    /** The value here as Jackson's tree of it would be. */
    private JsonNode node(int depth) {
        byte first = scanner.next();
        if (first == '{') {
            return object(depth);
        }
        if (first == '[') {
            return array(depth);
        }
        if (first == '"') {
            return TextNode.valueOf(scanner.stringValue());
        }
        if (first == '-' || first >= '0' && first <= '9') {
            long value = scanner.integerValue();
            return (int) value == value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
        }
        AsciiJsonScanner.Literal literal = scanner.literal();
        return literal == AsciiJsonScanner.Literal.NULL ? NullNode.getInstance() : BooleanNode.valueOf(literal == AsciiJsonScanner.Literal.TRUE);
    }

    private ObjectNode object(int depth) {
        ObjectNode object = Json.MAPPER.getNodeFactory().objectNode();
        if (!scanner.opensEmpty(depth, '}')) {
            do {
                String name = scanner.nameText(scanner.name());
                if (object.replace(name, node(depth + 1)) != null) {
                    throw AsciiJsonScanner.notScanned();
                }
            } while (scanner.more('}'));
        }
        return object;
    }

    private ArrayNode array(int depth) {
        ArrayNode array = Json.MAPPER.getNodeFactory().arrayNode();
        if (!scanner.opensEmpty(depth, ']')) {
            do {
                array.add(node(depth + 1));
            } while (scanner.more(']'));
        }
        return array;
    }
}
