package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.RequestSpec;
import dev.synclog.events.OpType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Finds the rows of a decoded request body, with each row's id, op and fields. */
final class RowExtractor {

    /**
     * @param rows         the rows that have an id
     * @param requestCount how many rows the request holds, including those skipped for lack of an id
     * @param problem      why some rows were skipped, or null
     * @param skipped      the rows without an id, as sent: not recorded, but privacy must still learn their values
     */
    record Extracted(List<ExtractedRow> rows, int requestCount, String problem, List<JsonNode> skipped) {
    }

    private RowExtractor() {
    }

    /** @param body the decoded body, null when empty */
    static Extracted extract(JsonNode body, RequestSpec spec, Map<String, String> pathVariables) throws UnreadableCallException {
        List<JsonNode> rowNodes = new ArrayList<>();
        if (spec.wholeBodyIsOneRow()) {
            rowNodes.add(body == null ? Json.MAPPER.createObjectNode() : body);
        } else {
            JsonNode array = body == null ? null : body.at(spec.rows());
            if (array == null || !array.isArray()) {
                throw new UnreadableCallException("request has no array of rows at '" + spec.rows() + "' (request.rows); found "
                        + (array == null ? "an empty body" : describe(array)));
            }
            array.forEach(rowNodes::add);
        }
        List<ExtractedRow> rows = new ArrayList<>(rowNodes.size());
        List<JsonNode> skipped = new ArrayList<>(0);
        int firstMissing = -1;
        for (int i = 0; i < rowNodes.size(); i++) {
            JsonNode row = rowNodes.get(i);
            String id = rowId(row, spec, pathVariables);
            if (id == null) {
                skipped.add(row);
                firstMissing = firstMissing < 0 ? i : firstMissing;
                continue;
            }
            JsonNode fields = row.at(spec.fields());
            rows.add(new ExtractedRow(i, id, op(row, spec), fields.isMissingNode() ? Json.MAPPER.createObjectNode() : fields));
        }
        String problem = skipped.isEmpty() ? null : skipped.size() + " of " + rowNodes.size() + " request rows have no id at '"
                + (spec.rowIdPathVariable() != null ? "{" + spec.rowIdPathVariable() + "}" : spec.rowId().toString())
                + "' (first: row " + firstMissing + ") and were not recorded";
        return new Extracted(rows, rowNodes.size(), problem, skipped);
    }

    private static String rowId(JsonNode row, RequestSpec spec, Map<String, String> pathVariables) {
        if (spec.rowIdPathVariable() != null) {
            return pathVariables.get(spec.rowIdPathVariable());
        }
        JsonNode id = row.at(spec.rowId());
        return id.isValueNode() && !id.isNull() && !id.asText().isEmpty() ? Json.text(id) : null;
    }

    /** The row's own op when it says one we can map, else the endpoint's op. */
    private static OpType op(JsonNode row, RequestSpec spec) {
        if (spec.opField() == null) {
            return spec.op();
        }
        JsonNode value = row.at(spec.opField());
        if (!value.isValueNode()) {
            return spec.op();
        }
        String text = value.asText();
        if (!spec.opValues().isEmpty()) {
            return spec.opValues().getOrDefault(text, spec.op());
        }
        for (OpType type : OpType.values()) {
            if (type.wireName().equals(text)) {
                return type;
            }
        }
        return spec.op();
    }

    private static String describe(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing there";
        }
        return node.isObject() ? "an object" : node.isNull() ? "null" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
