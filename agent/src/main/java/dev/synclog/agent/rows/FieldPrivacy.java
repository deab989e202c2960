package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.synclog.agent.config.PrivacyRules;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies exclude/hash/mask rules to a row's fields, by field name at any depth, as the rows are streamed
 * ({@link RowExtractor}), and remembers each protected value with its replacement so that the same value can be
 * scrubbed from failure reasons (APIs like to echo the offending value: "email 'bob@x' is invalid"). One instance
 * per call; not thread-safe.
 */
final class FieldPrivacy {
    static final String MASK = "********";
    static final String EXCLUDED = "[excluded]";
    /** Shorter values are not searched for in reason texts: replacing "1" or "on" would garble every message. */
    static final int MIN_SCRUBBED_LENGTH = 4;

    private final PrivacyRules rules;
    private final Map<String, String> replacements = new LinkedHashMap<>();
    /** {@link #replacements} longest first, rebuilt when it grew. */
    private List<Map.Entry<String, String>> sorted;
    private MessageDigest digest;

    FieldPrivacy(PrivacyRules rules) {
        this.rules = rules;
    }

    enum Protection { EXCLUDE, HASH, MASK }

    /** Whether any rule applies: without one, rows need not be looked at for privacy. */
    boolean active() {
        return !rules.isEmpty();
    }

    /** The rule for a field of this name, or null. */
    Protection protection(String name) {
        if (rules.isEmpty()) {
            return null;
        }
        String key = name.toLowerCase(Locale.ROOT);
        return rules.exclude().contains(key) ? Protection.EXCLUDE
                : rules.hash().contains(key) ? Protection.HASH
                : rules.mask().contains(key) ? Protection.MASK : null;
    }

    /**
     * Reads the value the parser is at, to its end, and remembers every scalar in it; a hashed value is hashed as its
     * compact JSON text (a string as itself).
     *
     * @return what is written in its place: its hash, the mask, or null when it is excluded
     */
    String protect(JsonParser parser, Protection protection) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isScalarValue()) {
            String text = Json.scalarText(parser);
            String replacement = protection == Protection.HASH ? hash(text) : protection == Protection.MASK ? MASK : EXCLUDED;
            if (token != JsonToken.VALUE_NULL) {
                remember(text, replacement);
            }
            return protection == Protection.EXCLUDE ? null : replacement;
        }
        // Scalars inside a hashed object or array read "[hashed]": each alone has no hash of its own.
        String inner = protection == Protection.HASH ? "[hashed]" : protection == Protection.MASK ? MASK : EXCLUDED;
        StringWriter compact = protection == Protection.HASH ? new StringWriter() : null;
        try (JsonGenerator copy = compact == null ? null : Json.MAPPER.getFactory().createGenerator(compact)) {
            int depth = 0;
            do {
                if (copy != null) {
                    Json.copyExact(parser, copy);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
                    remember(Json.scalarText(parser), inner);
                }
            } while (depth > 0 && (token = parser.nextToken()) != null);
        }
        return protection == Protection.HASH ? hash(compact.toString())
                : protection == Protection.MASK ? MASK : null;
    }

    /** Whether ids from the field (or path variable) {@code idName} are stored hashed. */
    boolean protectsRowId(String idName) {
        return rules.protects(idName);
    }

    /** The id as it may be stored: hashed when the field (or path variable) it comes from is protected. */
    String rowId(String rawId, String idName) {
        if (!protectsRowId(idName)) {
            return rawId;
        }
        String hashed = hash(rawId);
        if (rawId.length() >= MIN_SCRUBBED_LENGTH) {
            // Over the field's own replacement: a reason naming the row should still name it, by its stored id.
            replacements.put(rawId, hashed);
        }
        return hashed;
    }

    private void remember(String text, String replacement) {
        if (text.length() >= MIN_SCRUBBED_LENGTH) {
            replacements.putIfAbsent(text, replacement);
        }
    }

    /**
     * {@code text} with every protected value seen so far replaced, whole or cut short; null stays null. A reason
     * is often cut (a truncated body, an excerpt, the length cap): then it may end in, or hold before a "…", only
     * the start of a value, which must not come out either.
     */
    String scrub(String text) {
        if (text == null || replacements.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, String> entry : longestFirst()) {
            if (out.contains(entry.getKey())) {
                out = out.replace(entry.getKey(), entry.getValue());
            }
        }
        return scrubCutValues(out);
    }

    /** Replaces the start of a protected value where the text ends and before each "…" (where texts get cut). */
    private String scrubCutValues(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int cut = text.indexOf('…'); ; cut = text.indexOf('…', cut + 1)) {
            String piece = text.substring(from, cut < 0 ? text.length() : cut);
            out.append(withoutValueStartAtEnd(piece));
            if (cut < 0) {
                return out.toString();
            }
            out.append('…');
            from = cut + 1;
        }
    }

    /** {@code piece} with the longest start (at least {@link #MIN_SCRUBBED_LENGTH} chars) of a protected value at its end replaced. */
    private String withoutValueStartAtEnd(String piece) {
        int end = piece.length();
        int bestFrom = end;
        String replacement = null;
        for (Map.Entry<String, String> entry : longestFirst()) {
            String value = entry.getKey();
            String head = value.substring(0, MIN_SCRUBBED_LENGTH);
            for (int from = piece.indexOf(head, Math.max(0, end - value.length() + 1)); from >= 0 && from < bestFrom;
                 from = piece.indexOf(head, from + 1)) {
                if (piece.regionMatches(from, value, 0, end - from)) {
                    bestFrom = from;
                    replacement = entry.getValue();
                    break;
                }
            }
        }
        return replacement == null ? piece : piece.substring(0, bestFrom) + replacement;
    }

    /** Longest first, so that a value containing another is replaced whole. */
    private List<Map.Entry<String, String>> longestFirst() {
        if (sorted == null || sorted.size() != replacements.size()) {
            sorted = new ArrayList<>(replacements.entrySet());
            sorted.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        }
        return sorted;
    }

    static String sha256Hex(String text) {
        return hex(sha256(), text);
    }

    /** {@link #sha256Hex} with this call's one digest: looking one up costs more than hashing a short value. */
    private String hash(String text) {
        digest = digest == null ? sha256() : digest;
        return hex(digest, text);
    }

    private static String hex(MessageDigest digest, String text) {
        return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
