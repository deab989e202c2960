package dev.synclog.agent.rows;

import dev.synclog.agent.config.RequestSpec;
import dev.synclog.events.OpType;

import java.util.Map;

/** The rows of one request as they are read, whichever reader reads them: those with an id, and those skipped without. */
final class RowTally {
    private final RequestSpec spec;
    private final Map<String, String> pathVariables;
    private final ExtractedRows rows;
    /** {@code request.op_when_present}'s ops, in the order of its places. */
    private final OpType[] opsWhenPresent;
    private int requestCount;
    private int skipped;
    private int firstSkipped = -1;

    /** @param ascii the body spans point into, for {@link #addScanned}; null when rows are read as Strings */
    RowTally(RequestSpec spec, Map<String, String> pathVariables, byte[] ascii) {
        this.spec = spec;
        this.pathVariables = pathVariables;
        this.rows = new ExtractedRows(ascii);
        this.opsWhenPresent = spec.opWhenPresent().values().toArray(new OpType[0]);
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
     * @param present the first of {@code request.op_when_present}'s places the row has a value at, or -1
     */
    void add(String idInRow, String op, int present, String fieldsJson) {
        String id = idFromPath() ? pathVariables.get(spec.rowIdPathVariable()) : idInRow;
        if (counted(id != null, op, present)) {
            rows.ids().add(id);
            rows.fields().add(fieldsJson);
        }
    }

    /**
     * {@link #add} for a row the scanner read: its id and fields are spans of the body ({@code length} -1: none
     * found; fields none found are {@code {}}).
     */
    void addScanned(int idStart, int idLength, String op, int present, int fieldsStart, int fieldsLength) {
        String pathId = idFromPath() ? pathVariables.get(spec.rowIdPathVariable()) : null;
        if (!counted(idFromPath() ? pathId != null : idLength >= 0, op, present)) {
            return;
        }
        if (idFromPath()) {
            rows.ids().add(pathId);
        } else {
            rows.ids().add(idStart, idLength);
        }
        if (fieldsLength >= 0) {
            rows.fields().add(fieldsStart, fieldsLength);
        } else {
            rows.fields().add("{}");
        }
    }

    private boolean idFromPath() {
        return spec.rowIdPathVariable() != null;
    }

    /** Counts a row of the request; true when it is kept (it has an id), its id and fields to follow. */
    private boolean counted(boolean hasId, String op, int present) {
        int index = requestCount++;
        if (!hasId) {
            skipped++;
            firstSkipped = firstSkipped < 0 ? index : firstSkipped;
            return false;
        }
        rows.add(index, present >= 0 ? opsWhenPresent[present] : op(op));
        return true;
    }

    RowExtractor.Extracted extracted() {
        String problem = skipped == 0 ? null : skipped + " of " + requestCount
                + " request rows have no id at '"
                + (idFromPath() ? "{" + spec.rowIdPathVariable() + "}" : spec.rowId().toString())
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
