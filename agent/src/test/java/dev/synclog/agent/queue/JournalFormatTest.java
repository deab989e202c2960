package dev.synclog.agent.queue;

import dev.synclog.agent.rows.TextColumn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The app side encodes records into its thread's reused buffer, ASCII without {@link String#getBytes}: every text must
 * still come back as the JDK's own UTF-8 encoding of it, and a record must not keep anything of the one before.
 */
class JournalFormatTest {
    /** Each kind of text the fast path must hand on: ASCII, Latin-1, other BMP, a surrogate pair, a lone surrogate. */
    private static final String[] TEXTS = {
        "", "C1000000", "{\"email\":\"ana@example.com\",\"age\":42}", "Zoë Müller", "ключ", "emoji 😀 ok",
        "cut \uD83D", "\u007f\u0080", null,
    };

    @Test
    void textsComeBackAsTheirUtf8EncodingsSay() {
        String[] ops = new String[TEXTS.length];
        Arrays.fill(ops, "added");
        JournalEntry.CallSent sent = (JournalEntry.CallSent) JournalFormat.decode(7, JournalFormat.callSent(41, "run-é", "sync",
                "endpoint", "crm", "contacts", "POST", "http://127.0.0.1/v1/x", 123_456, null, TextColumn.of(TEXTS), TextColumn.of(ops), TextColumn.of(TEXTS)).copy());

        assertThat(sent.position()).isEqualTo(7);
        assertThat(sent.callKey()).isEqualTo(41);
        assertThat(sent.runId()).isEqualTo("run-é");
        assertThat(sent.startEpochMicros()).isEqualTo(123_456);
        assertThat(sent.unreadable()).isNull();
        for (int i = 0; i < TEXTS.length; i++) {
            String expected = TEXTS[i] == null ? null : new String(TEXTS[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertThat(sent.ids().text(i)).as("text %d", i).isEqualTo(expected);
            assertThat(sent.fields().text(i)).as("text %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aRecordHoldsOnlyItsOwnBytesAfterALargerOneOnTheSameThread() {
        String big = "x".repeat(100_000);
        byte[] large = JournalFormat.callEnded(1, 500, 9, "java.io.IOException", big, new String[] {"failed"},
                new String[] {big}).copy();
        JournalFormat.Record small = JournalFormat.runEnded("run-1", "boom");

        assertThat(large.length).isGreaterThan(200_000);
        assertThat(small.length()).isEqualTo(small.copy().length).isLessThan(100);
        assertThat(small.buffer().remaining()).isEqualTo(small.length());
        assertThat(JournalFormat.decode(0, small.copy())).isEqualTo(new JournalEntry.RunEnded(0, "run-1", "boom"));
        JournalEntry.CallEnded ended = (JournalEntry.CallEnded) JournalFormat.decode(0, large);
        assertThat(ended.callError()).isEqualTo(big);
        assertThat(ended.reasons().size()).isEqualTo(1);
        assertThat(ended.reasons().text(0)).isEqualTo(big);
    }

    @Test
    void aCallsTextsAreTheStringsOfTheCallBeforeWhenTheirBytesAreTheSame() {
        RecentTexts recent = new RecentTexts(JournalFormat.TEXT_PLACES);
        JournalEntry.CallSent first = callTo("http://127.0.0.1/v1/a", recent);
        JournalEntry.CallSent same = callTo("http://127.0.0.1/v1/a", recent);
        JournalEntry.CallSent other = callTo("http://127.0.0.1/v1/b", recent);

        assertThat(same.runId()).isSameAs(first.runId());
        assertThat(same.url()).isSameAs(first.url());
        assertThat(other.url()).isEqualTo("http://127.0.0.1/v1/b");
        assertThat(other.syncId()).isSameAs(first.syncId()).isEqualTo("sync");
        assertThat(other.unreadable()).isEqualTo("body over the cap");
    }

    private static JournalEntry.CallSent callTo(String url, RecentTexts recent) {
        String[] rows = {"C1"};
        return (JournalEntry.CallSent) JournalFormat.decode(0, JournalFormat.callSent(1, "run-1", "sync", "endpoint",
                "crm", "contacts", "POST", url, 1, "body over the cap", TextColumn.of(rows), TextColumn.of(rows),
                TextColumn.of(rows)).copy(), recent);
    }

    /** The journal's format as agents before wrote it: a record's fields in order, texts as length and bytes. */
    @Test
    void aCallsEndIsItsFieldsInOrder() {
        byte[] record = JournalFormat.callEnded(7, 201, 1500, null, "é", new String[] {"ok"}, new String[] {null}).copy();

        ByteBuffer payload = ByteBuffer.allocate(1 + 8 * 3 + 8 + 8 + 2 + 8 + 8 + 2 + 8);
        payload.put((byte) 4).putLong(7).putLong(201).putLong(1500).putLong(-1).putLong(2).put("é".getBytes(StandardCharsets.UTF_8))
                .putLong(1).putLong(2).put("ok".getBytes(StandardCharsets.US_ASCII)).putLong(-1);
        assertThat(Arrays.copyOfRange(record, JournalFormat.HEADER, record.length)).isEqualTo(payload.array());
        assertThat(ByteBuffer.wrap(record).getInt(0)).isEqualTo(payload.capacity());
    }
}
