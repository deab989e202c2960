package dev.synclog.events;

import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.WireOut;

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

    /** Writes row {@code row}'s text as {@code out.text(text(row))} would, {@code out} being {@code wire}'s. */
    void write(int row, WireOut wire, ValueOut out);

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
        public void write(int row, WireOut wire, ValueOut out) {
            SyncEvent.writeTextValue(wire, out, texts[row]);
        }
    }
}
