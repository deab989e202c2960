package dev.synclog.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads the YAML configs are written in (block mappings and lists, one-line flow mappings and lists, plain and
 * one-line quoted scalars, comments) into the same tree, positions and scalar types as the full reader, without
 * loading a YAML library on the premain thread (Jackson's YAML module and SnakeYAML, about 110 classes). Anything
 * else, and every error, returns null: the full reader then reads the file, so what it accepts and every message it
 * gives stay the same.
 */
final class YamlSubsetReader {
    private static final Pattern INT = Pattern.compile("-?(0|[1-9][0-9]*)");
    /** Digits then a unit ({@code 1MiB}, {@code 500ms}); a unit starting with e, x, o or b could read as a number. */
    private static final Pattern DIGITS_AND_UNIT = Pattern.compile("[0-9]+[A-DF-NP-WYZacdf-npwyz][A-Za-z]*");
    /** An address or a version ({@code 127.0.0.1}): two dots make it no number. */
    private static final Pattern DOTTED = Pattern.compile("[0-9]+(\\.[0-9]+){2,}");
    /** Jackson may read these as booleans, depending on its settings. */
    private static final Set<String> YAML_1_1_BOOLEANS = Set.of("y", "n", "yes", "no", "on", "off");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private final List<Line> lines = new ArrayList<>();
    private int next;

    private YamlSubsetReader(String yaml) {
        String[] raw = yaml.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String text = withoutComment(raw[i]);
            if (text == null) {
                throw new OutsideSubset();
            }
            if (!text.isBlank()) {
                int indent = 0;
                while (text.charAt(indent) == ' ') {
                    indent++;
                }
                lines.add(new Line(i + 1, indent, text, text.length() < raw[i].length()));
            }
        }
    }

    /** The tree, or null when the text is outside the subset or not valid YAML. */
    static YamlNode read(String yaml) {
        if (yaml.indexOf('\t') >= 0 || yaml.indexOf('\r') >= 0) {
            return null;
        }
        try {
            YamlSubsetReader reader = new YamlSubsetReader(yaml);
            if (reader.lines.isEmpty() || reader.lines.get(0).indent != 0) {
                return null;
            }
            YamlNode root = reader.block(0);
            return reader.next == reader.lines.size() ? root : null;
        } catch (OutsideSubset | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The line without a comment and trailing blanks; null when a quote or a comment marker makes it uncertain. */
    private static String withoutComment(String line) {
        if (line.startsWith("---") || line.startsWith("...") || line.startsWith("%")) {
            return null;
        }
        char quote = 0;
        int end = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
                end = i;
                break;
            } else if ((c == '"' || c == '\'') && (i == 0 || " [{,:-".indexOf(line.charAt(i - 1)) >= 0)) {
                quote = c;
            }
        }
        return quote != 0 ? null : line.substring(0, end).stripTrailing();
    }

    /** The block value whose first line is the next one, at {@code indent}. */
    private YamlNode block(int indent) {
        Line first = lines.get(next);
        if (first.indent != indent) {
            throw new OutsideSubset();
        }
        return first.content().startsWith("- ") || first.content().equals("-") ? sequence(indent) : mapping(indent);
    }

    private YamlNode.Mapping mapping(int indent) {
        Line first = lines.get(next);
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
        while (next < lines.size() && lines.get(next).indent == indent) {
            Line line = lines.get(next++);
            entry(line, indent, line.text.substring(indent), entries, keys);
        }
        return new YamlNode.Mapping(entries, keys, first.number, indent + 1);
    }

    /** {@code key: value}, or {@code key:} with the value on the lines below, at {@code column} (0-based) of its line. */
    private void entry(Line line, int column, String text, Map<String, YamlNode> entries, Map<String, YamlNode.Scalar> keys) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon + 1 < text.length() && text.charAt(colon + 1) != ' ') {
            throw new OutsideSubset();
        }
        String key = text.substring(0, colon);
        if (!KEY.matcher(key).matches() || keys.containsKey(key)) {
            throw new OutsideSubset();
        }
        keys.put(key, new YamlNode.Scalar(key, JsonToken.FIELD_NAME, line.number, column + 1));
        int valueAt = column + colon + 1;
        while (valueAt < line.text.length() && line.text.charAt(valueAt) == ' ') {
            valueAt++;
        }
        YamlNode value;
        if (valueAt < line.text.length()) {
            value = inline(line, valueAt);
        } else if (next < lines.size() && (lines.get(next).indent > column
                || lines.get(next).indent == column && lines.get(next).content().startsWith("- "))) {
            value = block(lines.get(next).indent);
        } else if (!line.trimmed) {
            value = new YamlNode.Scalar(null, JsonToken.VALUE_NULL, line.number, column + colon + 2);
        } else {
            throw new OutsideSubset(); // where an empty value is said to start then depends on the parser
        }
        entries.put(key, value);
    }

    private YamlNode.Sequence sequence(int indent) {
        Line first = lines.get(next);
        List<YamlNode> items = new ArrayList<>();
        while (next < lines.size() && lines.get(next).indent == indent && lines.get(next).content().startsWith("- ")) {
            Line line = lines.get(next++);
            int itemAt = indent + 2;
            while (line.text.charAt(itemAt) == ' ') {
                itemAt++;
            }
            String item = line.text.substring(itemAt);
            int colon = item.indexOf(':');
            items.add(colon > 0 && KEY.matcher(item.substring(0, colon)).matches() ? itemMapping(line, itemAt) : inline(line, itemAt));
        }
        return new YamlNode.Sequence(items, first.number, indent + 1);
    }

    /** {@code - key: value} and the entries below it, indented to the first key. */
    private YamlNode.Mapping itemMapping(Line line, int column) {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
        entry(line, column, line.text.substring(column), entries, keys);
        while (next < lines.size() && lines.get(next).indent == column) {
            Line more = lines.get(next++);
            entry(more, column, more.text.substring(column), entries, keys);
        }
        return new YamlNode.Mapping(entries, keys, line.number, column + 1);
    }

    /** A value that ends on its line: a flow mapping or list, a quoted or a plain scalar. */
    private YamlNode inline(Line line, int at) {
        Flow flow = new Flow(line, at);
        YamlNode value = flow.value(false);
        if (flow.at != line.text.length()) {
            throw new OutsideSubset();
        }
        return value;
    }

    /** Reads one line's flow content from {@code at}. */
    private static final class Flow {
        private final Line line;
        private final String text;
        private int at;

        Flow(Line line, int at) {
            this.line = line;
            this.text = line.text;
            this.at = at;
        }

        YamlNode value(boolean inFlow) {
            char c = text.charAt(at);
            int column = at + 1;
            if (c == '{') {
                at++;
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
                if (!close('}')) {
                    do {
                        skipSpaces();
                        int keyAt = at;
                        int colon = text.indexOf(':', at);
                        if (colon < 0 || colon + 1 >= text.length() || text.charAt(colon + 1) != ' ') {
                            throw new OutsideSubset();
                        }
                        String key = text.substring(at, colon);
                        if (!KEY.matcher(key).matches() || keys.containsKey(key)) {
                            throw new OutsideSubset();
                        }
                        keys.put(key, new YamlNode.Scalar(key, JsonToken.FIELD_NAME, line.number, keyAt + 1));
                        at = colon + 1;
                        skipSpaces();
                        entries.put(key, value(true));
                    } while (separator('}'));
                }
                return new YamlNode.Mapping(entries, keys, line.number, column);
            }
            if (c == '[') {
                at++;
                List<YamlNode> items = new ArrayList<>();
                if (!close(']')) {
                    do {
                        skipSpaces();
                        items.add(value(true));
                    } while (separator(']'));
                }
                return new YamlNode.Sequence(items, line.number, column);
            }
            if (c == '"' || c == '\'') {
                return new YamlNode.Scalar(quoted(c), JsonToken.VALUE_STRING, line.number, column);
            }
            return plain(inFlow, column);
        }

        /** True, past it, when the collection closes right away (empty). */
        private boolean close(char closer) {
            skipSpaces();
            if (at < text.length() && text.charAt(at) == closer) {
                at++;
                return true;
            }
            return false;
        }

        /** True past a comma; false past the closer; anything else is outside the subset. */
        private boolean separator(char closer) {
            skipSpaces();
            char c = text.charAt(at++);
            if (c == ',') {
                skipSpaces();
                if (text.charAt(at) == closer) {
                    throw new OutsideSubset();
                }
                return true;
            }
            if (c != closer) {
                throw new OutsideSubset();
            }
            skipSpaces();
            return false;
        }

        private void skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }

        private String quoted(char quote) {
            StringBuilder out = new StringBuilder();
            at++;
            while (true) {
                char c = text.charAt(at++);
                if (c == quote) {
                    if (quote == '\'' && at < text.length() && text.charAt(at) == '\'') {
                        out.append('\'');
                        at++;
                        continue;
                    }
                    skipSpaces();
                    return out.toString();
                }
                if (c == '\\' && quote == '"') {
                    char escaped = text.charAt(at++);
                    switch (escaped) {
                        case '"', '\\', '/' -> out.append(escaped);
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        default -> throw new OutsideSubset();
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private YamlNode.Scalar plain(boolean inFlow, int column) {
            int start = at;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (inFlow && (c == ',' || c == ']' || c == '}')) {
                    break;
                }
                if (c == ':' && (at + 1 == text.length() || text.charAt(at + 1) == ' ' || inFlow)) {
                    throw new OutsideSubset();
                }
                at++;
            }
            String value = text.substring(start, at).stripTrailing();
            skipSpaces();
            if (value.isEmpty() || "&*!|>%@`?-[]{},\"'#".indexOf(value.charAt(0)) >= 0) {
                throw new OutsideSubset();
            }
            return new YamlNode.Scalar(value, type(value), line.number, column);
        }
    }

    /** As the full reader types a plain scalar; outside the subset when it is not sure. */
    private static JsonToken type(String value) {
        switch (value) {
            case "null", "Null", "NULL", "~":
                return JsonToken.VALUE_NULL;
            case "true", "True", "TRUE":
                return JsonToken.VALUE_TRUE;
            case "false", "False", "FALSE":
                return JsonToken.VALUE_FALSE;
            default:
                break;
        }
        if (YAML_1_1_BOOLEANS.contains(value.toLowerCase(Locale.ROOT))) {
            throw new OutsideSubset();
        }
        if (INT.matcher(value).matches()) {
            return JsonToken.VALUE_NUMBER_INT;
        }
        char c = value.charAt(0);
        if ((c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.')
                && !DIGITS_AND_UNIT.matcher(value).matches() && !DOTTED.matcher(value).matches()) {
            throw new OutsideSubset();
        }
        return JsonToken.VALUE_STRING;
    }

    /** @param trimmed whether a comment or trailing blanks were cut off the line's text */
    private record Line(int number, int indent, String text, boolean trimmed) {
        String content() {
            return text.substring(indent);
        }
    }

    /** The text uses YAML this reader leaves to the full one. */
    private static final class OutsideSubset extends RuntimeException {
        OutsideSubset() {
            super(null, null, false, false);
        }
    }
}
