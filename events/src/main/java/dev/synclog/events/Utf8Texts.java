package dev.synclog.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows' texts as spans of one array of UTF-8 bytes (the record the agent journaled them in): the writer thread hands
 * them to the excerpt as bytes, where decoding each into a String and encoding it again was most of its work.
 */
public final class Utf8Texts implements RowTexts {
    private final byte[] bytes;
    /** Two ints a row: where its text starts in {@link #bytes}, and its length in bytes (-1 for null). */
    private final int[] spans;
    private final int first;

    /**
     * @param spans two ints a row: where the row's text starts in {@code bytes} and how many bytes it has, -1 for null
     */
    public Utf8Texts(byte[] bytes, int[] spans) {
        this(bytes, checked(bytes, spans), 0);
    }

    private Utf8Texts(byte[] bytes, int[] spans, int first) {
        this.bytes = bytes;
        this.spans = spans;
        this.first = first;
    }

    private static int[] checked(byte[] bytes, int[] spans) {
        if (spans.length % 2 != 0) {
            throw new IllegalArgumentException("spans of rows' texts come in pairs (start, length), not " + spans.length
                    + " ints");
        }
        for (int i = 0; i < spans.length; i += 2) {
            if (spans[i + 1] >= 0 && (spans[i] < 0 || spans[i] > bytes.length - spans[i + 1])) {
                throw new IllegalArgumentException("the text of row " + i / 2 + " (" + spans[i + 1] + " bytes at "
                        + spans[i] + ") lies outside its " + bytes.length + " bytes");
            }
        }
        return spans;
    }

    /** The texts from row {@code row} on, over the same bytes. */
    public Utf8Texts from(int row) {
        if (row < 0 || row > size()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size() + " rows' texts");
        }
        return row == 0 ? this : new Utf8Texts(bytes, spans, first + row);
    }

    @Override
    public int size() {
        return spans.length / 2 - first;
    }

    @Override
    public String text(int row) {
        int length = length(row);
        return length < 0 ? null : new String(bytes, start(row), length, StandardCharsets.UTF_8);
    }

    /** True when row {@code row}'s text is exactly {@code utf8}. */
    public boolean textIs(int row, byte[] utf8) {
        int start = start(row);
        return length(row) == utf8.length && Arrays.equals(bytes, start, start + utf8.length, utf8, 0, utf8.length);
    }

    /** The bytes the rows' texts are spans of. */
    public byte[] bytes() {
        return bytes;
    }

    public int start(int row) {
        return spans[2 * (first + row)];
    }

    /** -1 where the row's text is null. */
    public int length(int row) {
        return spans[2 * (first + row) + 1];
    }

    @Override
    public void write(int row, GatheredValues values) {
        int length = length(row);
        if (length < 0) {
            values.text(null);
        } else {
            values.utf8(bytes, start(row), length);
        }
    }
}
