package dev.synclog.agent.rows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One text a row, for a column of a call's rows (ids, fields): each a {@code String}, or a span of the request body's
 * ASCII bytes as the scanner found it. A span is copied into the journal record as bytes, so that a row read by the
 * scanner costs no {@code String} where nothing asks for one. Filled by one thread, then only read.
 */
public final class TextColumn {
    private static final int FIRST_ROWS = 4;

    /** The bytes spans point into, each one of 1 to 127; null when every text is a String. */
    private final byte[] ascii;
    /**
     * Two ints a row: where its span starts and its length (-1: no text). Ignored for a row with a String; null in a
     * column of Strings only ({@link #of}).
     */
    private int[] spans;
    /** The rows' Strings; null until a row has one. */
    private String[] texts;
    private int size;

    /** An empty column, to {@code add} to. */
    TextColumn(byte[] ascii) {
        this.ascii = ascii;
        this.spans = new int[2 * FIRST_ROWS];
    }

    private TextColumn(String[] texts) {
        this.ascii = null;
        this.texts = texts;
        this.size = texts.length;
    }

    /** A column of these texts (null: none), over the array itself: not to be added to. */
    public static TextColumn of(String... texts) {
        return new TextColumn(texts);
    }

    void add(String text) {
        int row = next();
        if (text == null) {
            spans[2 * row + 1] = -1;
        } else {
            if (texts == null) {
                texts = new String[spans.length / 2];
            }
            texts[row] = text;
        }
    }

    /** A row whose text is {@code length} bytes of the ASCII body from {@code start}. */
    void add(int start, int length) {
        int row = next();
        spans[2 * row] = start;
        spans[2 * row + 1] = length;
    }

    private int next() {
        if (2 * size == spans.length) {
            spans = Arrays.copyOf(spans, 2 * spans.length);
        }
        if (texts != null && texts.length < spans.length / 2) {
            texts = Arrays.copyOf(texts, spans.length / 2);
        }
        if (texts != null) {
            texts[size] = null;
        }
        return size++;
    }

    /** Forgets every row. */
    void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    /** The row's text (made from its span when it is one), or null when it has none. */
    public String text(int row) {
        String held = held(row);
        int length = spanLength(row);
        return held != null || length < 0 ? held : new String(ascii, spans[2 * row], length, StandardCharsets.ISO_8859_1);
    }

    /** The row's text when the column holds it as a String; null when it is a span (or none). */
    public String held(int row) {
        checkRow(row);
        return texts == null ? null : texts[row];
    }

    /** The bytes a row's span is of: {@link #spanLength} bytes from {@link #spanStart}; each byte is ASCII. */
    public byte[] ascii() {
        return ascii;
    }

    public int spanStart(int row) {
        checkRow(row);
        return spans == null ? 0 : spans[2 * row];
    }

    /** -1 when the row has no text; only for a row without a {@link #held} String. */
    public int spanLength(int row) {
        checkRow(row);
        return spans == null ? -1 : spans[2 * row + 1];
    }

    private void checkRow(int row) {
        if (row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of a column of " + size + " rows");
        }
    }
}
