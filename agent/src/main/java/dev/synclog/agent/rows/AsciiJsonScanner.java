package dev.synclog.agent.rows;

import java.nio.charset.StandardCharsets;

/**
 * A strict JSON tokenizer over a body's ASCII bytes, for the common case of reading rows and result items without
 * Jackson. It accepts a subset of what Jackson accepts and gives the same texts; on anything else (an escape in a
 * text it must return, a fraction, depth or length past its bounds, malformed or truncated input) it throws
 * {@link NotScanned}, and the caller reads the body again from the start with Jackson, so that every result and
 * every error message stays Jackson's.
 */
final class AsciiJsonScanner {
    /** Far below Jackson's nesting limit, so that nothing Jackson refuses for depth is accepted here. */
    static final int MAX_DEPTH = 32;
    /** Below Jackson's name length limit; longer strings are rare enough to leave to it. */
    static final int MAX_STRING_BYTES = 16 * 1024;
    /** Integers of up to 18 digits fit a long, as Jackson reads them; longer ones are left to it. */
    private static final int MAX_INTEGER_DIGITS = 18;
    /** Far below Jackson's number length limit. */
    private static final int MAX_NUMBER_BYTES = 100;
    private static final long QUOTES = ByteWords.repeated('"');
    private static final long BACKSLASHES = ByteWords.repeated('\\');

    /** What the scanner leaves to Jackson: one shared instance without a stack trace, since it is not an error. */
    static final class NotScanned extends RuntimeException {
        static final NotScanned INSTANCE = new NotScanned();

        private NotScanned() {
            super("left to Jackson", null, false, false);
        }
    }

    private final byte[] bytes;
    private final int length;
    private int at;
    /** Set by {@link #string}: the last string held a backslash escape. */
    private boolean escaped;
    /** Set by {@link #name}: where the last name's text ends. */
    private int nameEnd;

    /** @param bytes the body, each byte 1 to 127 ({@link JsonText#ascii()}) */
    AsciiJsonScanner(byte[] bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    static NotScanned notScanned() {
        return NotScanned.INSTANCE;
    }

    int position() {
        return at;
    }

    /** Moves past JSON whitespace to the next byte, and returns it without moving past it. */
    byte next() {
        while (at < length) {
            byte b = bytes[at];
            // Every byte above the space is no whitespace: one comparison for nearly every byte a compact body has.
            if (b > ' ' || b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
            at++;
        }
        throw notScanned();
    }

    void expect(char c) {
        if (next() != c) {
            throw notScanned();
        }
        at++;
    }

    /** At a container's start: moves past it; true when it closes at once ({@code close}). */
    boolean opensEmpty(int depth, char close) {
        if (depth >= MAX_DEPTH) {
            throw notScanned();
        }
        at++;
        if (next() == close) {
            at++;
            return true;
        }
        return false;
    }

    /** After a container's element: true when a comma says another follows, false at {@code close}. */
    boolean more(char close) {
        byte b = next();
        at++;
        if (b == ',') {
            return true;
        }
        if (b != close) {
            throw notScanned();
        }
        return false;
    }

    /** At an object's property name: moves past it and its colon; returns where the name's text starts. */
    int name() {
        if (next() != '"') {
            throw notScanned();
        }
        int start = at + 1;
        string();
        if (escaped) {
            throw notScanned();
        }
        nameEnd = at - 1;
        expect(':');
        return start;
    }

    /**
     * Whether the name last passed, starting at {@code start}, is the one whose ASCII bytes are {@code name} (null:
     * a name with another character, which no name here is). Bytes, not a String: this runs for each property of
     * each row.
     */
    boolean nameIs(int start, byte[] name) {
        if (name == null || nameEnd - start != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (bytes[start + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The name last passed, starting at {@code start}, as text. */
    String nameText(int start) {
        return new String(bytes, start, nameEnd - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * At a scalar: moves past it and returns where its text, as Jackson's {@code getText} (strings) or its tree's
     * {@code asText} (the rest) gives it, lies in the body, read with {@link #spanStart} and {@link #spanLength}
     * (-1 for JSON null). No String: a row's id is copied into the journal from the body.
     */
    long scalarSpan() {
        byte first = next();
        int start = at;
        if (first == '"') {
            string();
            if (escaped) {
                throw notScanned();
            }
            return span(start + 1, at - 1 - (start + 1));
        }
        if (first == '-' || isDigit(first)) {
            integerValue();
            // An integer's text is as written (JSON has no leading zeros and no plus), but for -0: it reads as 0.
            boolean minusZero = at - start == 2 && bytes[start] == '-' && bytes[start + 1] == '0';
            return minusZero ? span(start + 1, 1) : span(start, at - start);
        }
        return literal() == Literal.NULL ? span(start, -1) : span(start, at - start);
    }

    private static long span(int start, int length) {
        return (long) start << 32 | length & 0xffffffffL;
    }

    static int spanStart(long span) {
        return (int) (span >>> 32);
    }

    static int spanLength(long span) {
        return (int) span;
    }

    /** A span's text; null for -1. */
    String text(long span) {
        int length = spanLength(span);
        return length < 0 ? null : new String(bytes, spanStart(span), length, StandardCharsets.ISO_8859_1);
    }

    /** At a string: moves past it and returns its text; one with an escape is left to Jackson. */
    String stringValue() {
        int start = at + 1;
        string();
        if (escaped) {
            throw notScanned();
        }
        return new String(bytes, start, at - 1 - start, StandardCharsets.ISO_8859_1);
    }

    /** At a number: moves past it and returns its value when it is an integer that fits a long. */
    long integerValue() {
        int start = at;
        if (!number()) {
            throw notScanned();
        }
        boolean negative = bytes[start] == '-';
        int digits = negative ? start + 1 : start;
        if (at - digits > MAX_INTEGER_DIGITS) {
            throw notScanned();
        }
        long value = 0;
        for (int i = digits; i < at; i++) {
            value = value * 10 + (bytes[i] - '0');
        }
        return negative ? -value : value;
    }

    enum Literal { TRUE, FALSE, NULL }

    /** At {@code true}, {@code false} or {@code null}: moves past it and says which. */
    Literal literal() {
        byte first = next();
        if (first == 't' && matches("true")) {
            return Literal.TRUE;
        }
        if (first == 'f' && matches("false")) {
            return Literal.FALSE;
        }
        if (first == 'n' && matches("null")) {
            return Literal.NULL;
        }
        throw notScanned();
    }

    private boolean matches(String word) {
        if (at + word.length() > length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (bytes[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }

    /**
     * Moves past the value here, checking it is well-formed; {@code depth} is its nesting depth. A loop, not a
     * recursion, so that the JIT compiles it as one small method rather than inline copies of itself.
     */
    void skipValue(int depth) {
        long objects = 0;
        int level = 0;
        do {
            byte first = next();
            if (first == '{' || first == '[') {
                boolean object = first == '{';
                if (opensEmpty(depth + level, object ? '}' : ']')) {
                    level = closeAfterValue(objects, level);
                    continue;
                }
                objects = object ? objects | 1L << level : objects & ~(1L << level);
                level++;
                if (object) {
                    memberName();
                }
                continue;
            }
            skipScalar(first);
            level = closeAfterValue(objects, level);
        } while (level > 0);
    }

    /**
     * After a value inside {@code level} containers being skipped ({@code objects}: bit k set when the one at level
     * k is an object): closes those that end here; returns how many are still open, at their next value.
     */
    private int closeAfterValue(long objects, int level) {
        while (level > 0) {
            boolean object = (objects & 1L << (level - 1)) != 0;
            if (more(object ? '}' : ']')) {
                if (object) {
                    memberName();
                }
                return level;
            }
            level--;
        }
        return 0;
    }

    private void memberName() {
        if (next() != '"') {
            throw notScanned();
        }
        string();
        expect(':');
    }

    private void skipScalar(byte first) {
        if (first == '"') {
            string();
        } else if (first == '-' || isDigit(first)) {
            number();
        } else {
            literal();
        }
    }

    /**
     * At a string's opening quote: moves past its closing one, checking its escapes; sets {@link #escaped}. The text
     * may run to {@link #MAX_STRING_BYTES} bytes past the opening quote, its closing quote included.
     */
    private void string() {
        int start = at++;
        escaped = false;
        int end = length - start > MAX_STRING_BYTES ? start + MAX_STRING_BYTES + 1 : length;
        while (true) {
            at = stringStop(at, end);
            if (at >= end) {
                throw notScanned();
            }
            byte b = bytes[at++];
            if (b == '"') {
                return;
            }
            if (b != '\\') {
                throw notScanned();
            }
            escape();
        }
    }

    /**
     * The first of the bytes from {@code from} up to {@code end} that ends a string's plain run: a quote, a backslash,
     * a control byte or one of 128 and more; {@code end} when there is none ({@code from} when past it). Eight bytes
     * a step: nearly every byte of a body of rows is in a string.
     */
    private int stringStop(int from, int end) {
        int i = from;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            long word = ByteWords.word(bytes, i);
            long stops = ByteWords.bytesBelowOrHigh(word, 0x20) | ByteWords.zeroBytes(word ^ QUOTES)
                    | ByteWords.zeroBytes(word ^ BACKSLASHES);
            if (stops != 0) {
                return i + ByteWords.first(stops);
            }
        }
        for (; i < end; i++) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || b < 0x20) {
                return i;
            }
        }
        return i;
    }

    private void escape() {
        escaped = true;
        if (at >= length) {
            throw notScanned();
        }
        switch (bytes[at++]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                return;
            case 'u':
                for (int i = 0; i < 4; i++) {
                    if (at >= length || !isHexDigit(bytes[at++])) {
                        throw notScanned();
                    }
                }
                return;
            default:
                throw notScanned();
        }
    }

    /** At a number: moves past it as JSON's grammar has it; true when it has neither fraction nor exponent. */
    private boolean number() {
        int start = at;
        if (bytes[at] == '-') {
            at++;
        }
        if (at < length && bytes[at] == '0') {
            at++;
        } else {
            digits();
        }
        boolean integer = true;
        if (at < length && bytes[at] == '.') {
            at++;
            digits();
            integer = false;
        }
        if (at < length && (bytes[at] == 'e' || bytes[at] == 'E')) {
            at++;
            if (at < length && (bytes[at] == '+' || bytes[at] == '-')) {
                at++;
            }
            digits();
            integer = false;
        }
        if (at - start > MAX_NUMBER_BYTES) {
            throw notScanned();
        }
        return integer;
    }

    /** One digit or more. */
    private void digits() {
        if (at >= length || !isDigit(bytes[at])) {
            throw notScanned();
        }
        while (at < length && isDigit(bytes[at])) {
            at++;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(byte b) {
        return isDigit(b) || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
    }
}
