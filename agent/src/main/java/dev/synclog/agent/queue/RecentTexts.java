package dev.synclog.agent.queue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last text read at each place of a journal record (a call's run id, sync id, endpoint ... URL), with its bytes: a
 * service's calls repeat them, so a record's text that has the same bytes as the last one there is that String again,
 * not a new one decoded. One reader's: not thread-safe.
 */
final class RecentTexts {
    private final byte[][] bytes;
    private final String[] texts;

    RecentTexts(int places) {
        bytes = new byte[places][];
        texts = new String[places];
    }

    /** The text of {@code length} UTF-8 bytes at {@code start} of {@code record}, as last read at {@code place}. */
    String text(int place, byte[] record, int start, int length) {
        byte[] last = bytes[place];
        if (last != null && last.length == length && Arrays.equals(last, 0, length, record, start, start + length)) {
            return texts[place];
        }
        String text = new String(record, start, length, StandardCharsets.UTF_8);
        bytes[place] = Arrays.copyOfRange(record, start, start + length);
        texts[place] = text;
        return text;
    }
}
