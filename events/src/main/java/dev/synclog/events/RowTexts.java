package dev.synclog.events;

/**
 * One text of each row of a call ({@link CallRows}' row ids, op types, statuses, reasons or fields): held as Strings,
 * or as the UTF-8 bytes the agent journaled them in ({@link Utf8Texts}), which go into an excerpt without becoming
 * Strings on the way.
 */
public sealed interface RowTexts permits RowTexts.Strings, Utf8Texts {
    /** How many rows' texts it holds. */
    int size();

    /** Row {@code row}'s text; null where the row has none. */
    String text(int row);

    /** Gathers row {@code row}'s text as {@code out.text(text(row))} would write it. */
    void write(int row, GatheredValues values);

    /** Over {@code texts} itself, not a copy. */
    static RowTexts of(String... texts) {
        return new Strings(texts);
    }

    record Strings(String[] texts) implements RowTexts {
        @Override
        public int size() {
            return texts.length;
        }

        @Override
        public String text(int row) {
            return texts[row];
        }

        @Override
        public void write(int row, GatheredValues values) {
            values.text(texts[row]);
        }
    }
}
