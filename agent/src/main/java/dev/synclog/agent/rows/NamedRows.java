package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Rows written as arrays whose names are elsewhere in the body (Meta's Custom Audiences:
 * {@code {"schema":["EMAIL_SHA256","FN_SHA256"],"data":[["<hash>","<hash>"],…]}}, or a single name as a string with
 * plain values), rewritten as objects {@code {"EMAIL_SHA256":"<hash>","FN_SHA256":"<hash>"}} so that row ids, fields,
 * privacy rules by name and the exporter's diffs read them as any other rows. The body is read whole, as a tree,
 * because the names may come after the rows; only endpoints with {@code request.field_names} pay for it.
 */
final class NamedRows {
    private NamedRows() {
    }

    static JsonText rewrite(JsonText body, JsonPointer rows, JsonPointer names) throws UnreadableCallException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body.parser());
        } catch (JsonProcessingException e) {
            throw new UnreadableCallException(body.what() + " is not valid JSON: " + Json.parseProblem(e));
        } catch (IOException e) {
            throw new UnreadableCallException(body.what() + " could not be read: " + e.getMessage());
        }
        if (root == null) {
            return body;
        }
        JsonNode array = root.at(rows);
        if (!array.isArray()) {
            return body; // no rows: the row reading says so as for any body
        }
        JsonNode nameNode = root.at(names);
        String[] fieldNames = fieldNames(nameNode, body.what(), names);
        ArrayNode rowArray = (ArrayNode) array;
        for (int i = 0; i < rowArray.size(); i++) {
            rowArray.set(i, named(rowArray.get(i), fieldNames, nameNode.isTextual(), i, body.what(), names));
        }
        return JsonText.of(Json.compact(root), body.what());
    }

    private static String[] fieldNames(JsonNode node, String what, JsonPointer at) throws UnreadableCallException {
        if (node.isTextual()) {
            return new String[] {node.textValue()};
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new UnreadableCallException(what + " has " + Json.kind(node) + " at '" + at + "' (request.field_names),"
                    + " where the names of the rows' values should be: an array of names, or one name as a string");
        }
        String[] out = new String[node.size()];
        for (int i = 0; i < out.length; i++) {
            if (!node.get(i).isTextual()) {
                throw new UnreadableCallException(what + " names the rows' values at '" + at + "' (request.field_names),"
                        + " but its item " + i + " is " + Json.kind(node.get(i)) + ", not a name (a string)");
            }
            out[i] = node.get(i).textValue();
        }
        return out;
    }

    /** One row as an object; a single name (a string) takes a plain value or an array of one. */
    private static ObjectNode named(JsonNode row, String[] names, boolean singleName, int index, String what,
                                    JsonPointer at) throws UnreadableCallException {
        ObjectNode object = Json.MAPPER.createObjectNode();
        if (singleName && !(row instanceof ContainerNode)) {
            object.set(names[0], row);
            return object;
        }
        if (!row.isArray()) {
            throw new UnreadableCallException(what + " row " + index + " is " + Json.kind(row) + ", not an array of values"
                    + " named by '" + at + "' (request.field_names)");
        }
        if (row.size() != names.length) {
            throw new UnreadableCallException(what + " row " + index + " has " + row.size() + " value"
                    + (row.size() == 1 ? "" : "s") + " but '" + at + "' (request.field_names) names " + names.length
                    + ": " + String.join(", ", names));
        }
        for (int i = 0; i < names.length; i++) {
            object.set(names[i], row.get(i));
        }
        return object;
    }
}
