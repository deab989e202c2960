package dev.synclog.agent.rows;

import dev.synclog.agent.config.RequestSpec;

import java.util.Map;

/**
 * {@link RowExtractor}'s reading of a request without privacy rules, done by {@link AsciiJsonScanner} on the body's
 * ASCII bytes: the same rows, ids, ops and fields (cut from the body as written). Gives up, for the body to be read
 * by Jackson from the start, on whatever the scanner does not handle, and also when the rows array is missing or
 * repeated, or a row's fields are a number or a literal: rare cases, whose results and messages stay Jackson's.
 */
final class ScannedRows implements PointerWalk.Visitor {
    private static final int ROW_ID = 0;
    private static final int OP = 1;
    private static final int FIELDS = 2;
    /** The first of {@code request.op_when_present}'s places; the others follow it. */
    private static final int PRESENT = 3;

    private final AsciiJsonScanner scanner;
    private final RequestSpec spec;
    /** Walks to the rows: its one pointer. */
    private final PointerWalk rowsWalk;
    private final RowTally rows;
    private final PointerWalk row;
    private final int presentPointers;
    private boolean rowsFound;
    /** The current row's id and fields as found in it: spans of the body (length -1: none); its op, or null. */
    private int idStart;
    private int idLength;
    private String foundOp;
    /** The first of {@code request.op_when_present}'s places the current row has a value at, or -1. */
    private int foundPresent;
    private int fieldsStart;
    private int fieldsLength;
    /** The depth of the fields container being walked (-1: none). */
    private int fieldsDepth;

    private ScannedRows(JsonText body, RequestSpec spec, Map<String, String> pathVariables) {
        this.scanner = new AsciiJsonScanner(body.ascii(), body.length());
        this.spec = spec;
        this.rowsWalk = new PointerWalk(scanner, this::rowsOrNot, StreamPath.Pointer.of(spec.rows()));
        this.rows = new RowTally(spec, pathVariables, body.ascii());
        StreamPath.Pointer[] pointers = new StreamPath.Pointer[PRESENT + spec.opWhenPresent().size()];
        pointers[ROW_ID] = spec.rowIdPathVariable() != null ? null : StreamPath.Pointer.of(spec.rowId());
        pointers[OP] = StreamPath.Pointer.of(spec.opField());
        pointers[FIELDS] = StreamPath.Pointer.of(spec.fields());
        int p = PRESENT;
        for (var place : spec.opWhenPresent().keySet()) {
            pointers[p++] = StreamPath.Pointer.of(place);
        }
        this.row = new PointerWalk(scanner, this, pointers);
        this.presentPointers = pointers.length - PRESENT;
    }

    /** The request's rows, or null when the body is to be read by Jackson. */
    static RowExtractor.Extracted extract(JsonText body, RequestSpec spec, Map<String, String> pathVariables) {
        if (body == null || body.ascii() == null) {
            return null;
        }
        try {
            return new ScannedRows(body, spec, pathVariables).read();
        } catch (AsciiJsonScanner.NotScanned leftToJackson) {
            return null;
        }
    }

    private RowExtractor.Extracted read() {
        byte first = scanner.next();
        if (first != '{' && first != '[') {
            throw AsciiJsonScanner.notScanned();
        }
        if (spec.wholeBodyIsOneRow()) {
            row();
        } else {
            rowsWalk.walk();
            if (!rowsFound) {
                throw AsciiJsonScanner.notScanned();
            }
        }
        return rows.extracted();
    }

    /** At the rows pointer, an array, read once. */
    private boolean rowsOrNot(int depth, int inLine) {
        if (!rowsWalk.at(inLine, depth, 0)) {
            return false;
        }
        if (rowsFound || scanner.next() != '[') {
            throw AsciiJsonScanner.notScanned();
        }
        rowsFound = true;
        if (!scanner.opensEmpty(depth, ']')) {
            do {
                row();
            } while (scanner.more(']'));
        }
        return true;
    }

    private void row() {
        idLength = -1;
        foundOp = null;
        foundPresent = -1;
        fieldsLength = -1;
        fieldsDepth = -1;
        row.walk();
        rows.addScanned(idStart, idLength, foundOp, foundPresent, fieldsStart, fieldsLength);
    }

    /** A value of a row: its id, op or fields when a pointer names it; a container is left to the walk. */
    @Override
    public boolean visit(int depth, int inLine) {
        boolean id = row.at(inLine, depth, ROW_ID);
        boolean op = row.at(inLine, depth, OP);
        boolean fields = row.at(inLine, depth, FIELDS);
        int present = present(inLine, depth);
        if (!id && !op && !fields && present < 0) {
            return false;
        }
        byte first = scanner.next();
        int start = scanner.position();
        if (present >= 0 && first != 'n' && (foundPresent < 0 || present < foundPresent)) {
            foundPresent = present;
        }
        if (first == '{' || first == '[') {
            idLength = id ? -1 : idLength;
            foundOp = op ? null : foundOp;
            fieldsStart = fields ? start : fieldsStart;
            fieldsDepth = fields ? depth : fieldsDepth;
            return false;
        }
        scalar(id, op);
        if (fields) {
            fieldsStart = start;
            fieldsLength = scanner.position() - start;
        }
        return true;
    }

    /** The first of {@code request.op_when_present}'s places at this value, or -1. */
    private int present(int inLine, int depth) {
        for (int k = 0; k < presentPointers; k++) {
            if (row.at(inLine, depth, PRESENT + k)) {
                return k;
            }
        }
        return -1;
    }

    /** The fields are cut from the request once their container ends. */
    @Override
    public void ended(int depth) {
        if (depth == fieldsDepth) {
            fieldsLength = scanner.position() - fieldsStart;
            fieldsDepth = -1;
        }
    }

    /** An id is a value that is neither null nor empty; an op is any value's text. */
    private void scalar(boolean id, boolean op) {
        if (!id && !op) {
            scanner.skipValue(0);
            return;
        }
        long span = scanner.scalarSpan();
        int length = AsciiJsonScanner.spanLength(span);
        if (id) {
            idStart = AsciiJsonScanner.spanStart(span);
            idLength = length == 0 ? -1 : length;
        }
        if (op) {
            foundOp = length < 0 ? "null" : scanner.text(span);
        }
    }
}
