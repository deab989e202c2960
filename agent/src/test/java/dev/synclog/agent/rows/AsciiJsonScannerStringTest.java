package dev.synclog.agent.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * The scanner reads a string's plain bytes eight at a time; what it decides must stay what a byte-at-a-time reading
 * decides ({@link Reference}, kept here as the scanner read strings before): where the string ends, whether it held an
 * escape, or that it is left to Jackson. Every special byte at every offset of every length to 40, at every alignment,
 * cut short at every length, and at the length limit.
 */
class AsciiJsonScannerStringTest {
    /** The bytes that end a plain run or border on those that do (space, DEL, the neighbours of quote and backslash). */
    private static final int[] SPECIAL = {'"', '\\', 0x00, 0x01, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF};
    /** Escapes well-formed and not, each put whole at an offset. */
    private static final String[] ESCAPES = {"\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\uABCD", "\\u12G4", "\\u12", "\\x", "\\"};
    private static final int MAX = AsciiJsonScanner.MAX_STRING_BYTES;

    @Test
    void eachSpecialByteAtEachOffsetOfEachLengthAndEachCut() {
        int compared = 0;
        for (int textLength = 0; textLength <= 40; textLength++) {
            for (int align = 0; align < Long.BYTES; align++) {
                byte[] body = body(align, plain(textLength));
                compared += compareEveryCut(body, align);
                for (int at = 0; at <= textLength; at++) {
                    for (int special : at < textLength ? SPECIAL : new int[0]) {
                        byte[] changed = body.clone();
                        changed[align + 1 + at] = (byte) special;
                        compared += compareEveryCut(changed, align);
                    }
                    for (String escape : ESCAPES) {
                        byte[] text = plain(textLength);
                        byte[] escaped = Arrays.copyOf(text, textLength + escape.length());
                        System.arraycopy(escape.getBytes(), 0, escaped, at, escape.length());
                        System.arraycopy(text, at, escaped, at + escape.length(), textLength - at);
                        compared += compareEveryCut(body(align, escaped), align);
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(1_000_000);
    }

    @Test
    void atTheLengthLimit() {
        for (int textLength = MAX - 12; textLength <= MAX + 2; textLength++) {
            for (int align : new int[] {0, 3}) {
                byte[] body = body(align, plain(textLength));
                compare(body, body.length, align);
                for (int back = 1; back <= 10; back++) {
                    for (int special : new int[] {'"', 0x1F, 0x80}) {
                        byte[] changed = body.clone();
                        changed[align + 1 + textLength - back] = (byte) special;
                        compare(changed, changed.length, align);
                    }
                    for (String escape : new String[] {"\\n", "\\u00e9"}) {
                        byte[] changed = body.clone();
                        System.arraycopy(escape.getBytes(), 0, changed, align + 1 + textLength - back, Math.min(back, escape.length()));
                        compare(changed, changed.length, align);
                    }
                }
            }
        }
        // The limit is reached, not only never passed: the longest string scanned and the shortest left to Jackson.
        assertThat(skipped(body(0, plain(MAX - 1)), MAX + 1)).isEqualTo(MAX + 1);
        assertThat(skipped(body(0, plain(MAX)), MAX + 2)).isEqualTo(Reference.LEFT_TO_JACKSON);
    }

    @Test
    void randomStringsOfBytesThatMatter() {
        Random random = new Random(20261126L);
        byte[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', 'n', 'u', 'e', 'F', 0x1F, 0x7F, (byte) 0x80};
        for (int i = 0; i < 20_000; i++) {
            byte[] text = new byte[random.nextInt(60)];
            for (int k = 0; k < text.length; k++) {
                text[k] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + random.nextInt(26));
            }
            int align = random.nextInt(Long.BYTES);
            byte[] body = body(align, text);
            compare(body, random.nextInt(body.length + 1), align);
        }
    }

    /** {@code align} spaces, a quote, the text, a closing quote and more JSON after it. */
    private static byte[] body(int align, byte[] text) {
        byte[] body = new byte[align + text.length + 12];
        Arrays.fill(body, 0, align, (byte) ' ');
        body[align] = '"';
        System.arraycopy(text, 0, body, align + 1, text.length);
        byte[] after = "\",\"k\":\"v\"}".getBytes();
        System.arraycopy(after, 0, body, align + 1 + text.length, after.length);
        return body;
    }

    /** Letters and digits that are no special byte, but are the letters some escapes take. */
    private static byte[] plain(int length) {
        byte[] text = new byte[length];
        for (int k = 0; k < length; k++) {
            text[k] = (byte) "abnu0f9tAzE".charAt(k % 11);
        }
        return text;
    }

    /**
     * Compares the body cut to each length: with the bytes past the cut (the closing quote among them) still in the
     * array, which must not be read, and in an array of the cut's length, whose end must not be read past.
     */
    private static int compareEveryCut(byte[] body, int quoteAt) {
        for (int length = quoteAt + 1; length <= body.length; length++) {
            compare(body, length, quoteAt);
            compare(Arrays.copyOf(body, length), length, quoteAt);
        }
        return body.length - quoteAt;
    }

    /**
     * {@code skipValue} shows where the string ends or that it is left to Jackson; {@code scalarSpan} also leaves a
     * string with an escape to Jackson, so the two show the escaped flag.
     */
    private static void compare(byte[] body, int length, int quoteAt) {
        int expected = Reference.scan(body, length, quoteAt);
        Supplier<String> what = () -> new String(body, 0, length, StandardCharsets.ISO_8859_1) + " (" + length + " bytes)";
        assertThat(skipped(body, length)).as(() -> "end of the string skipped in " + what.get())
                .isEqualTo(Reference.end(expected));

        AsciiJsonScanner reading = new AsciiJsonScanner(body, length);
        long span;
        try {
            span = reading.scalarSpan();
        } catch (AsciiJsonScanner.NotScanned leftToJackson) {
            span = Reference.LEFT_TO_JACKSON;
        }
        long expectedSpan = expected < 0 ? Reference.LEFT_TO_JACKSON
                : (long) (quoteAt + 1) << 32 | (expected - 1 - (quoteAt + 1));
        assertThat(span).as(() -> "span of the string read in " + what.get()).isEqualTo(expectedSpan);
    }

    /** Where the scanner is after skipping the body's string, or {@link Reference#LEFT_TO_JACKSON}. */
    private static int skipped(byte[] body, int length) {
        AsciiJsonScanner scanner = new AsciiJsonScanner(body, length);
        try {
            scanner.skipValue(0);
            return scanner.position();
        } catch (AsciiJsonScanner.NotScanned leftToJackson) {
            return Reference.LEFT_TO_JACKSON;
        }
    }

    /** The scanner's string reading as it was, one byte a step. */
    private static final class Reference {
        static final int LEFT_TO_JACKSON = Integer.MIN_VALUE;

        /** Where the string at {@code start} ends, negated when it held an escape; or {@link #LEFT_TO_JACKSON}. */
        static int scan(byte[] bytes, int length, int start) {
            int at = start + 1;
            boolean escaped = false;
            while (true) {
                if (at >= length || at - start > MAX) {
                    return LEFT_TO_JACKSON;
                }
                byte b = bytes[at++];
                if (b == '"') {
                    return escaped ? -at : at;
                }
                if (b < 0x20) {
                    return LEFT_TO_JACKSON;
                }
                if (b == '\\') {
                    escaped = true;
                    if (at >= length) {
                        return LEFT_TO_JACKSON;
                    }
                    switch (bytes[at++]) {
                        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                            break;
                        case 'u':
                            for (int i = 0; i < 4; i++) {
                                if (at >= length || !isHexDigit(bytes[at++])) {
                                    return LEFT_TO_JACKSON;
                                }
                            }
                            break;
                        default:
                            return LEFT_TO_JACKSON;
                    }
                }
            }
        }

        /** Where a scan's string ends whether escaped or not. */
        static int end(int scanned) {
            return scanned == LEFT_TO_JACKSON ? scanned : Math.abs(scanned);
        }

        private static boolean isHexDigit(byte b) {
            return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
        }
    }
}
