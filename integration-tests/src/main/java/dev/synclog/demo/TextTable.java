package dev.synclog.demo;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A query result as an aligned text table, the way a SQL console shows it. */
final class TextTable {
    /** Failure reasons can be long; wider cells are cut so a table stays readable in an 120-column terminal. */
    private static final int MAX_CELL = 90;

    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    static TextTable of(ResultSet result) throws SQLException {
        TextTable table = new TextTable();
        ResultSetMetaData md = result.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            table.header.add(md.getColumnLabel(i));
        }
        while (result.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(cell(result.getString(i)));
            }
            table.rows.add(row);
        }
        return table;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    private static String cell(String value) {
        if (value == null) {
            return "NULL";
        }
        return value.length() <= MAX_CELL ? value : value.substring(0, MAX_CELL - 1) + "…";
    }

    void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append(rule.length() == 0 ? "" : "-+-").append("-".repeat(width));
        }
        out.println(rule);
        rows.forEach(row -> out.println(line(row, widths)));
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", cells.get(i)));
        }
        return line.toString().stripTrailing();
    }
}
