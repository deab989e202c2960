package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;

/** The extracted row at each 0-based index of the request (a request row without an id was not extracted). */
final class RowsByIndex {
    private final int[] rowAtRequestIndex;

    RowsByIndex(RowExtractor.Extracted request) {
        rowAtRequestIndex = new int[request.requestCount()];
        Arrays.fill(rowAtRequestIndex, -1);
        for (int position = 0; position < request.rows().size(); position++) {
            rowAtRequestIndex[request.rows().index(position)] = position;
        }
    }

    /** The request index {@code node} gives (a number, or digits as text), or -1 when it gives none in range. */
    int requestIndex(JsonNode node) {
        int index = -1;
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            index = node.intValue();
        } else if (node.isTextual() && node.textValue().trim().matches("\\d{1,9}")) {
            index = Integer.parseInt(node.textValue().trim());
        }
        return index < rowAtRequestIndex.length ? index : -1;
    }

    /** The position among the extracted rows of the request row at {@code requestIndex}, or -1 when it has none. */
    int row(int requestIndex) {
        return rowAtRequestIndex[requestIndex];
    }

    /** Why {@code found} (e.g. {@code index '7'}), what {@code where} has, names no request row. */
    String noSuchRow(String where, String found) {
        return where + " has " + found + ", but the request has " + rowAtRequestIndex.length
                + " rows (0-based); results cannot be assigned";
    }

    /** An index as a reason quotes it. */
    static String quoted(JsonNode index) {
        return "index " + Reasons.quoted(Json.text(index));
    }
}
