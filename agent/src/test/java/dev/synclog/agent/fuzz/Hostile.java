package dev.synclog.agent.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The ways a destination's (or an app's) bodies go wrong, drawn from a seeded {@link Random} so that a failure
 * reproduces from its seed: structural damage to a JSON tree (wrong types, mismatched counts, odd ids and indexes,
 * deep nesting) and damage to the bytes (truncation, binary, other charsets, a byte-order mark, huge sizes).
 * Each mutation says what it did, for the failure message.
 */
public final class Hostile {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands for a value that cannot be built as a tree (Jackson refuses to write nesting that deep). */
    private static final String DEEP_MARKER = "__synclog_fuzz_deep__";
    /** Stands for a number no exact decimal holds (its exponent past 2^31), which no JsonNode can: replaced in {@link #bytes}. */
    private static final String BEYOND_DECIMAL_MARKER = "synclog-beyond-decimal";

    /** Bytes and the mutations that made them. */
    public record Body(byte[] bytes, List<String> mutations) {
        public Body {
            mutations = List.copyOf(mutations);
        }

        public boolean intact() {
            return mutations.isEmpty();
        }

        public Body then(byte[] newBytes, String mutation) {
            List<String> all = new ArrayList<>(mutations);
            all.add(mutation);
            return new Body(newBytes, all);
        }
    }

    private final Random random;

    public Hostile(Random random) {
        this.random = random;
    }

    public Random random() {
        return random;
    }

    /** A tree and the structural mutation made to it; serialize it with {@link #bytes}. */
    public record Tree(JsonNode tree, String mutation) {
    }

    /** A copy of {@code tree} with one structural mutation somewhere in it. */
    public Tree mutateTree(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(copy, containers);
        if (containers.isEmpty()) {
            return new Tree(hostileValue(), "whole body replaced by a hostile value");
        }
        ContainerNode<?> target = (ContainerNode<?>) containers.get(random.nextInt(containers.size()));
        String what;
        if (target.isArray()) {
            ArrayNode array = (ArrayNode) target;
            int choice = random.nextInt(4);
            if (choice == 0 && array.size() > 0) {
                array.remove(random.nextInt(array.size()));
                what = "array element removed (count mismatch)";
            } else if (choice == 1 && array.size() > 0) {
                array.add(array.get(random.nextInt(array.size())).deepCopy());
                what = "array element duplicated (count mismatch)";
            } else if (choice == 2) {
                JsonNode value = hostileValue();
                array.add(value);
                what = "array element added: " + describe(value);
            } else {
                what = replaceOne(array);
            }
        } else {
            what = replaceOne((ObjectNode) target);
        }
        return new Tree(copy, what);
    }

    /** One byte-level mutation of {@code body}. */
    public Body mutateBytes(Body body, int cap) {
        byte[] b = body.bytes();
        switch (random.nextInt(10)) {
            case 0:
                return body.then(Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length)), "truncated");
            case 1: {
                byte[] out = b.clone();
                for (int i = 0, n = 1 + random.nextInt(4); i < n && out.length > 0; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return body.then(out, "random bytes overwritten");
            }
            case 2: {
                byte[] out = new byte[random.nextInt(2048)];
                random.nextBytes(out);
                return body.then(out, "replaced by " + out.length + " random bytes");
            }
            case 3:
                return body.then(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16), "re-encoded as UTF-16 with BOM");
            case 4:
                return body.then(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE), "re-encoded as UTF-16LE");
            case 5:
                return body.then(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1), "re-encoded as ISO-8859-1");
            case 6:
                return body.then(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b), "UTF-8 byte-order mark added");
            case 7:
                return body.then(concat(b, padding(cap + random.nextInt(cap))), "padded past the capture cap");
            case 8:
                return body.then(concat(new byte[] {0x1f, (byte) 0x8b}, b), "gzip magic without gzip data");
            default:
                return body.then(gzip(b), "gzipped without saying so");
        }
    }

    private String replaceOne(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            object.set("x", hostileValue());
            return "field added to an empty object";
        }
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(4) == 0) {
            object.remove(name);
            return "field '" + name + "' removed";
        }
        JsonNode value = hostileValue();
        object.set(name, value);
        return "field '" + name + "' set to " + describe(value);
    }

    private String replaceOne(ArrayNode array) {
        if (array.size() == 0) {
            array.add(hostileValue());
            return "element added to an empty array";
        }
        int at = random.nextInt(array.size());
        JsonNode value = hostileValue();
        array.set(at, value);
        return "element " + at + " set to " + describe(value);
    }

    /** A value of a type or size an API should not send. */
    public JsonNode hostileValue() {
        switch (random.nextInt(17)) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(random.nextBoolean());
            case 2: return NODES.numberNode(-1 - random.nextInt(1000));
            case 3: return NODES.numberNode(Long.MAX_VALUE);
            case 4: return NODES.numberNode(new java.math.BigDecimal("1e" + (300 + random.nextInt(1000))));
            case 5: return NODES.numberNode(random.nextDouble() * 10);
            case 6: return NODES.textNode("");
            case 7: return NODES.textNode("x".repeat(20_000 + random.nextInt(20_000)));
            case 8: return NODES.textNode(unicode(1 + random.nextInt(40)));
            case 9: return NODES.textNode(Integer.toString(random.nextInt(20)));
            case 10: return NODES.objectNode();
            case 11: return NODES.arrayNode();
            case 12: return NODES.textNode(DEEP_MARKER + (100 + random.nextInt(5000)));
            case 13: return NODES.arrayNode().add(NODES.arrayNode().add(unicode(5)));
            case 14: return NODES.objectNode().put("message", unicode(1100));
            case 15: return NODES.textNode(BEYOND_DECIMAL_MARKER);
            default: return NODES.textNode("line one\nline two\r\n\tthree\u0000");
        }
    }

    /** Text mixing ASCII, accents, CJK, emoji (surrogate pairs) and controls. */
    public String unicode(int length) {
        String[] pieces = {"a", "Z", "é", "ß", "中", "文", "😀", "🚀", "\u0007", " ", "\"", "\\", "'", "\u2028"};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        if (text.contains(DEEP_MARKER)) {
            return "an array nested " + text.substring(text.indexOf(DEEP_MARKER) + DEEP_MARKER.length(), text.length() - 1) + " deep";
        }
        return text.length() > 40 ? value.getNodeType() + " of " + text.length() + " chars" : text;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collectContainers(child, into));
        }
    }

    /** Serializes, expanding deep-nesting markers into real nesting. */
    public static byte[] bytes(JsonNode tree) {
        try {
            String json = MAPPER.writeValueAsString(tree).replace("\"" + BEYOND_DECIMAL_MARKER + "\"", "-7.5e-99999999999999999999");
            for (int at = json.indexOf("\"" + DEEP_MARKER); at >= 0; at = json.indexOf("\"" + DEEP_MARKER)) {
                int end = json.indexOf('"', at + 1);
                int depth = Integer.parseInt(json.substring(at + 1 + DEEP_MARKER.length(), end));
                json = json.substring(0, at) + "[".repeat(depth) + "]".repeat(depth) + json.substring(end + 1);
            }
            return json.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] padding(int length) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) ' ');
        return out;
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
