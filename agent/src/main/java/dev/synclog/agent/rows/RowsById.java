package dev.synclog.agent.rows;

import java.util.HashMap;
import java.util.Map;

/** Each id's rows: its first position, then a chain through the rows that repeat it (no list per row). */
final class RowsById {
    private final Map<String, Integer> first;
    /** The next position with the same id, or -1. */
    private final int[] next;

    RowsById(ExtractedRows rows) {
        first = new HashMap<>(rows.size() * 2);
        next = new int[rows.size()];
        for (int position = rows.size() - 1; position >= 0; position--) {
            Integer later = first.put(rows.ids().text(position), position);
            next[position] = later == null ? -1 : later;
        }
    }

    /** The position of the first row with {@code id}, or -1 when no row has it. */
    int first(String id) {
        Integer position = first.get(id);
        return position == null ? -1 : position;
    }

    /** The position of the next row with the same id as the row at {@code position}, or -1. */
    int next(int position) {
        return next[position];
    }
}
