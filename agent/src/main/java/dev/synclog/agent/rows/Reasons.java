package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/** Failure reason texts: one line, bounded, and the same wording everywhere. */
final class Reasons {
    static final int MAX_REASON_CHARS = 1000;
    /** A call error may join two reasons (e.g. a failed response and rows without ids). */
    static final int MAX_CALL_ERROR_CHARS = 2 * MAX_REASON_CHARS;
    /** An id or value quoted inside a reason: enough to recognise it, not a body's worth. */
    static final int MAX_QUOTED_CHARS = 64;
    static final int MAX_BODY_EXCERPT_CHARS = 300;
    /** Where APIs usually put the message of a failed call, tried in order when none is configured. */
    private static final JsonPointer[] COMMON_MESSAGE_PLACES = {
        JsonPointer.compile("/message"), JsonPointer.compile("/error/message"), JsonPointer.compile("/error"),
        JsonPointer.compile("/errors/0/message"), JsonPointer.compile("/detail"), JsonPointer.compile("/title"),
    };

    private Reasons() {
    }

    /** A value as it is quoted inside a reason: one line, cut short. */
    static String quoted(String value) {
        return oneLine(value, MAX_QUOTED_CHARS);
    }

    /** Collapses whitespace (including newlines) and cuts at {@code max} characters. */
    static String oneLine(String text, int max) {
        String line = collapseWhitespace(text).trim();
        if (line.length() <= max) {
            return line;
        }
        // Never between the two halves of a surrogate pair (an emoji): half of one is not text anywhere downstream.
        int end = Character.isHighSurrogate(line.charAt(max - 2)) ? max - 2 : max - 1;
        return line.substring(0, end) + "…";
    }

    /**
     * Each run of whitespace (regex {@code \\s}: space, tab, line breaks, form feed, vertical tab) as one space; the
     * text itself when that changes nothing. Not a regex: this runs for every failed row, on the app's thread.
     */
    private static String collapseWhitespace(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean afterSpace = i > 0 && isSpace(text.charAt(i - 1));
            if (isSpace(c) && (c != ' ' || afterSpace)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                if (!afterSpace) {
                    out.append(' ');
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    static String transport(Throwable error) {
        String message = error.getMessage();
        return oneLine(error.getClass().getName() + (message == null ? "" : ": " + message), MAX_REASON_CHARS);
    }

    /**
     * {@code HTTP 500: <text>}: the configured pointer's text, else a message at a common place, else the trimmed body.
     *
     * @param body the decoded body, or null when it was not JSON
     * @param raw  the body bytes as captured, for the excerpt
     */
    static String httpFailure(int status, JsonPointer configured, JsonNode body, byte[] raw, int rawLength) {
        return "HTTP " + status + ": " + oneLine(httpFailureText(configured, body, raw, rawLength), MAX_REASON_CHARS);
    }

    private static String httpFailureText(JsonPointer configured, JsonNode body, byte[] raw, int rawLength) {
        String configuredText = textAt(configured, body);
        if (configuredText != null) {
            return configuredText;
        }
        if (body != null) {
            for (JsonPointer place : COMMON_MESSAGE_PLACES) {
                JsonNode message = body.at(place);
                if (message.isTextual() && !message.textValue().isBlank()) {
                    return message.textValue();
                }
            }
        }
        if (raw == null || rawLength == 0) {
            return "(empty body)";
        }
        String line = excerpt(raw, rawLength, MAX_BODY_EXCERPT_CHARS);
        return line.isEmpty() ? "(blank body)" : line;
    }

    /**
     * A failure an SDK reported as an object (a callback's {@code onError(ErrorResponse)}, the object copied as JSON):
     * its text at the configured pointer, else the whole object as compact JSON.
     *
     * @param method the callback's failure method, named when it was called without a value
     * @param value  the object as parsed JSON, or null when no pointer is configured or it could not be parsed
     */
    static String reportedFailure(String method, JsonPointer configured, JsonNode value, byte[] raw, int rawLength) {
        String configuredText = textAt(configured, value);
        if (configuredText != null) {
            return oneLine(configuredText, MAX_REASON_CHARS);
        }
        String line = raw == null ? "" : excerpt(raw, rawLength, MAX_REASON_CHARS);
        return line.isEmpty() ? "the SDK called " + method + " (response.callback_failure); synclog read no value from it"
                : line;
    }

    /** The text at {@code pointer} in {@code body}; null when either is absent or the value there is null or empty. */
    private static String textAt(JsonPointer pointer, JsonNode body) {
        if (pointer == null || body == null) {
            return null;
        }
        JsonNode value = StreamPath.Pointer.of(pointer).in(body);
        return value != null && Json.present(value) ? Json.text(value) : null;
    }

    /** The start of a captured body as one line of at most {@code maxChars}. */
    private static String excerpt(byte[] raw, int rawLength, int maxChars) {
        return oneLine(new String(raw, 0, Math.min(rawLength, maxChars * 4), StandardCharsets.UTF_8), maxChars);
    }

    /** An item's failure text: the configured reason, else the error value, else the whole item. */
    static String item(ResponseItems.Item item) {
        if (Json.present(item.reason())) {
            return oneLine(Json.text(item.reason()), MAX_REASON_CHARS);
        }
        if (Json.present(item.error())) {
            return oneLine(Json.text(item.error()), MAX_REASON_CHARS);
        }
        return oneLine(item.compact(), MAX_REASON_CHARS);
    }
}
