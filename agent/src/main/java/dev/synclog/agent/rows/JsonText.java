package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A body's JSON text: a request's, to stream rows from and to cut each row's fields out of; a response's, to read
 * per-row results from and to quote an item from. A UTF-8 body that is plain
 * ASCII (nearly every body: JSON escapes what is not) is parsed as its bytes, where a byte is a character: no decoding
 * to a {@code String} first, and no copy of it into the parser's characters. Any other body is decoded, as it always
 * was, so that a malformed sequence still reads as U+FFFD rather than failing the call, and a NUL byte never reaches
 * Jackson's byte-order detection.
 *
 * @param chars the text, or null when read as {@code ascii}
 * @param ascii the body's bytes, each one of 1 to 127, or null
 * @param what  what the text is, for errors ("request body", "request form field 'data'", "response body")
 */
record JsonText(String chars, byte[] ascii, int length, String what) {
    static JsonText of(String text, String what) {
        return new JsonText(text, null, text.length(), what);
    }

    /** The first {@code length} bytes of {@code utf8}, as bytes when they are ASCII, else decoded. */
    static JsonText ofUtf8(byte[] utf8, int length, String what) {
        return isAscii(utf8, length) ? new JsonText(null, utf8, length, what)
                : of(new String(utf8, 0, length, StandardCharsets.UTF_8), what);
    }

    /** Whether each of the first {@code length} bytes is one of 1 to 127: eight bytes a step, the body's every byte. */
    static boolean isAscii(byte[] bytes, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (ByteWords.bytesBelowOrHigh(ByteWords.word(bytes, i), 1) != 0) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (bytes[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /** This text as characters. */
    JsonText decoded() {
        return chars != null ? this : of(new String(ascii, 0, length, StandardCharsets.ISO_8859_1), what);
    }

    JsonParser parser() throws IOException {
        return chars != null ? Json.MAPPER.getFactory().createParser(chars)
                : Json.MAPPER.getFactory().createParser(ascii, 0, length);
    }

    /** Where {@code location} is in this text, in characters (which are its bytes when it is ASCII). */
    int offset(JsonLocation location) {
        return (int) (chars != null ? location.getCharOffset() : location.getByteOffset());
    }

    /** The text from {@code start} to {@code end}, as written. */
    String slice(int start, int end) {
        return chars != null ? chars.substring(start, end)
                : new String(ascii, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
