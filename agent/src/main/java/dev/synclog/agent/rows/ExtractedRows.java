package dev.synclog.agent.rows;

import dev.synclog.events.OpType;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows read from a request that have an id, column by column: no object a row, and, for rows the scanner read,
 * ids and fields as spans of the body ({@link TextColumn}) rather than Strings. As a list it makes an
 * {@link ExtractedRow} for each row asked for: the rare paths and the tests read it so, the hot path by column.
 */
final class ExtractedRows extends AbstractList<ExtractedRow> {
    /** Few at first: most calls of a busy app carry one row or a few, and a large batch grows it a few times. */
    private static final int FIRST_ROWS = 4;

    private int[] indexes = new int[FIRST_ROWS];
    private OpType[] ops = new OpType[FIRST_ROWS];
    private final TextColumn ids;
    private final TextColumn fields;
    private int size;

    /** @param ascii the body the scanner reads, which spans point into; null when every text is a String */
    ExtractedRows(byte[] ascii) {
        this.ids = new TextColumn(ascii);
        this.fields = new TextColumn(ascii);
    }

    static ExtractedRows of(List<ExtractedRow> rows) {
        if (rows instanceof ExtractedRows) {
            return (ExtractedRows) rows;
        }
        ExtractedRows columns = new ExtractedRows(null);
        for (ExtractedRow row : rows) {
            columns.add(row.index(), row.op());
            columns.ids.add(row.rawId());
            columns.fields.add(row.fields());
        }
        return columns;
    }

    /** Starts a row; its id and fields follow, in {@link #ids()} and {@link #fields()}. */
    void add(int index, OpType op) {
        if (size == indexes.length) {
            indexes = Arrays.copyOf(indexes, 2 * size);
            ops = Arrays.copyOf(ops, 2 * size);
        }
        indexes[size] = index;
        ops[size++] = op;
    }

    @Override
    public void clear() {
        size = 0;
        ids.clear();
        fields.clear();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ExtractedRow get(int row) {
        return new ExtractedRow(index(row), ids.text(row), op(row), fields.text(row));
    }

    /** The row's position in the request's row array. */
    int index(int row) {
        checkRow(row);
        return indexes[row];
    }

    OpType op(int row) {
        checkRow(row);
        return ops[row];
    }

    /** The ids as sent, before privacy rules. */
    TextColumn ids() {
        return ids;
    }

    /** The fields as JSON, privacy rules applied. */
    TextColumn fields() {
        return fields;
    }

    private void checkRow(int row) {
        if (row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size + " rows");
        }
    }
}
