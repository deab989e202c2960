package dev.synclog.agent.rows;

import dev.synclog.agent.config.RequestSpec;
import dev.synclog.events.OpType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rows of one request as they are read, whichever reader reads them: those with an id, and those skipped without. */
final class RowTally {
    private final RequestSpec spec;
    private final Map<String, String> pathVariables;
    private final List<ExtractedRow> rows = new ArrayList<>();
    private int requestCount;
    private int skipped;
    private int firstSkipped = -1;

    RowTally(RequestSpec spec, Map<String, String> pathVariables) {
        this.spec = spec;
        this.pathVariables = pathVariables;
    }

    /** Forgets the rows read so far: a repeated rows array counts as in a tree, the last one. */
    void clear() {
        rows.clear();
        requestCount = 0;
        skipped = 0;
        firstSkipped = -1;
    }

    /**
     * @param idInRow the id found in the row, if the id is read there
     * @param op      the row's own op as found in it, or null
     */
    void add(String idInRow, String op, String fieldsJson) {
        String id = spec.rowIdPathVariable() != null ? pathVariables.get(spec.rowIdPathVariable()) : idInRow;
        int index = requestCount++;
        if (id == null) {
            skipped++;
            firstSkipped = firstSkipped < 0 ? index : firstSkipped;
        } else {
            rows.add(new ExtractedRow(index, id, op(op), fieldsJson));
        }
    }

    RowExtractor.Extracted extracted() {
        String problem = skipped == 0 ? null : skipped + " of " + requestCount
                + " request rows have no id at '"
                + (spec.rowIdPathVariable() != null ? "{" + spec.rowIdPathVariable() + "}" : spec.rowId().toString())
                + "' (first: row " + firstSkipped + ") and were not recorded";
        return new RowExtractor.Extracted(rows, requestCount, problem);
    }

    /** The row's own op when it says one we can map, else the endpoint's op. */
    private OpType op(String text) {
        if (spec.opField() == null || text == null) {
            return spec.op();
        }
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
}
