package dev.synclog.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.junit.jupiter.api.Test;

/**
 * Rows handed over as the UTF-8 bytes the agent journaled them in make the very excerpt that the same rows as Strings
 * make (so the exporter and {@code dump} read them as before), for every kind of text: around the binary wire's
 * short-text length (31 and 32 bytes, with multi-byte characters across it), 2- and 3-byte characters, characters
 * outside the Basic Multilingual Plane (which Chronicle writes as surrogates, not as UTF-8's 4 bytes), quotes,
 * newlines, control characters, empty, null.
 */
class Utf8TextsTest {
    private static final String[] TEXTS = {
        "C1000000", "", null, "a".repeat(31), "b".repeat(32),
        "é".repeat(15) + "x", "é".repeat(16), "x" + "é".repeat(16),
        "Zoë Müller – «déjà»", "ключ-строки", "日本語のキー", "emoji 🚀 in a reason", "🚀",
        "{\"name\":\"Zoë\",\"note\":\"line one\\nline \\\"two\\\"\"}",
        "a reason with \"quotes\"\nand a newline\tand a tab",
        "\u0000\u007f\u0080\u07ff\u0800\uffff", "x".repeat(300) + "ü".repeat(200),
    };

    @Test
    void rowsFromUtf8BytesWriteTheExcerptRowsFromStringsWrite() {
        int rows = TEXTS.length;
        String[] reversed = new String[rows];
        for (int i = 0; i < rows; i++) {
            reversed[i] = TEXTS[rows - 1 - i];
        }
        int[] attempts = new int[rows];
        Arrays.fill(attempts, 1);

        CallRows fromStrings = CallRowsTest.sample().rows(rows, TEXTS, reversed, TEXTS, reversed, TEXTS, attempts);
        Utf8Texts texts = journaled(TEXTS);
        Utf8Texts reversedTexts = journaled(reversed);
        CallRows fromBytes = CallRowsTest.sample()
                .rows(rows, texts, reversedTexts, texts, reversedTexts, texts, attempts);

        Bytes<?> expected = written(fromStrings);
        assertThat(written(fromBytes).toHexString()).isEqualTo(expected.toHexString());
        CallRows read = new CallRows();
        read.readMarshallable(WireType.BINARY_LIGHT.apply(expected));
        CallRowsTest.assertSameCall(read, fromStrings);
        for (int i = 0; i < rows; i++) {
            assertThat(read.rowId(i)).as("row %d", i).isEqualTo(TEXTS[i]);
            assertThat(read.failureReason(i)).as("row %d", i).isEqualTo(reversed[i]);
        }
    }

    @Test
    void theRowsFromOneOnAreTheSameSpans() {
        Utf8Texts texts = journaled(TEXTS);
        assertThat(texts.size()).isEqualTo(TEXTS.length);
        assertThat(texts.from(2).size()).isEqualTo(TEXTS.length - 2);
        assertThat(texts.from(2).text(1)).isEqualTo(TEXTS[3]);
        assertThat(texts.from(1).text(1)).isNull();
        assertThat(texts.textIs(0, "C1000000".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(texts.textIs(1, "C1000000".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(texts.textIs(2, new byte[0])).as("null is not empty").isFalse();
    }

    @Test
    void aSpanOutsideItsBytesIsRefused() {
        assertThatThrownBy(() -> new Utf8Texts(new byte[4], new int[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the text of row 0 (3 bytes at 2) lies outside its 4 bytes");
    }

    /** The texts' UTF-8 bytes one after another, after a few bytes of something else, as in a journal record. */
    static Utf8Texts journaled(String[] texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {9, 9, 9});
        int[] spans = new int[texts.length * 2];
        for (int i = 0; i < texts.length; i++) {
            spans[2 * i] = out.size();
            spans[2 * i + 1] = texts[i] == null ? -1 : texts[i].getBytes(StandardCharsets.UTF_8).length;
            if (texts[i] != null) {
                out.writeBytes(texts[i].getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Utf8Texts(out.toByteArray(), spans);
    }

    private static Bytes<?> written(CallRows call) {
        Wire wire = WireType.BINARY_LIGHT.apply(Bytes.allocateElasticOnHeap());
        call.writeMarshallable(wire);
        return wire.bytes();
    }
}
