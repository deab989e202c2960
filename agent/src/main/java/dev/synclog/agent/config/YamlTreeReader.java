package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s with positions. Jackson's tree model drops locations, and a config
 * error without a line number sends the user hunting, so we build our own small tree from the token stream.
 * The YAML most configs are written in is read without Jackson ({@link YamlSubsetReader}); the rest, and every
 * file with an error, by Jackson.
 */
final class YamlTreeReader {

    private YamlTreeReader() {
    }

    /** The document's root. */
    static YamlNode read(String yaml, String source) throws ConfigException {
        refuseBinary(yaml, source);
        YamlNode subset = YamlSubsetReader.read(yaml);
        return subset != null ? subset : readWithJackson(yaml, source);
    }

    static YamlNode readWithJackson(String yaml, String source) throws ConfigException {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(source, 1, 1, "the config file is empty (or only comments)",
                        "write at least sync.sync_id and one endpoint; see docs/configuration.md for a minimal config");
            }
            return readValue(parser, source);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, source);
        } catch (IOException e) {
            throw new ConfigException(source, "cannot read the YAML (" + e + ")", "check the file", e);
        }
    }

    /** A binary file (a jar or an archive given by mistake) would otherwise read as a puzzling YAML error. */
    private static void refuseBinary(String text, String source) throws ConfigException {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (c == '\u0000' || c == '\uFFFD') {
                throw new ConfigException(source, line, i - lineStart + 1,
                        "the file is not UTF-8 text (" + (c == 0 ? "a NUL byte" : "a byte that is not UTF-8") + " here)",
                        "point the agent at the YAML config file, saved as UTF-8");
            }
        }
    }

    private static YamlNode readValue(JsonParser parser, String source) throws IOException, ConfigException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                JsonLocation keyAt = parser.currentTokenLocation();
                String key = parser.currentName();
                YamlNode.Scalar keyNode = new YamlNode.Scalar(key, JsonToken.FIELD_NAME, keyAt.getLineNr(), keyAt.getColumnNr());
                if (keys.containsKey(key)) {
                    YamlNode.Scalar earlier = keys.get(key);
                    throw new ConfigException(source, keyNode.line(), keyNode.column(),
                            "duplicate key '" + key + "' (first at line " + earlier.line() + ")",
                            "keep one of the two");
                }
                parser.nextToken();
                keys.put(key, keyNode);
                entries.put(key, readValue(parser, source));
            }
            return new YamlNode.Mapping(entries, keys, line, column);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(parser, source));
            }
            return new YamlNode.Sequence(items, line, column);
        }
        return new YamlNode.Scalar(token == JsonToken.VALUE_NULL ? null : parser.getText(), token, line, column);
    }

    /**
     * Where the parser noticed the error, or, for a bracket or quote never closed, where it opened: SnakeYAML notices
     * an unclosed '[' only at the end of the file, and "line 40" sends the user to the wrong place.
     */
    private static ConfigException syntaxError(JsonProcessingException e, String source) {
        MarkedYAMLException marked = markedCause(e);
        String opener = marked == null ? null : opener(marked.getContext());
        if (opener != null && marked.getContextMark() != null && marked.getProblemMark() != null) {
            Mark open = marked.getContextMark();
            Mark noticed = marked.getProblemMark();
            return new ConfigException(source, open.getLine() + 1, open.getColumn() + 1,
                    "YAML syntax error: the " + opener + " opened here is never closed (the parser noticed at line "
                            + (noticed.getLine() + 1) + ", column " + (noticed.getColumn() + 1) + ": "
                            + firstLines(marked.getProblem()) + ")",
                    "close it where the value ends, or quote the value if the " + opener + " is part of its text");
        }
        JsonLocation at = e.getLocation();
        return new ConfigException(source, at == null ? 1 : Math.max(1, at.getLineNr()),
                at == null ? 1 : Math.max(1, at.getColumnNr()),
                "YAML syntax error: " + firstLines(e.getOriginalMessage()),
                "fix the indentation, quoting or brackets here (quote values that contain ': ', '{' or '#')");
    }

    /** SnakeYAML names the construct it was inside: "while parsing a flow sequence", "while scanning a quoted scalar". */
    private static String opener(String context) {
        if (context == null) {
            return null;
        }
        if (context.contains("flow sequence")) {
            return "'['";
        }
        if (context.contains("flow mapping")) {
            return "'{'";
        }
        return context.contains("quoted scalar") ? "quote" : null;
    }

    private static MarkedYAMLException markedCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof MarkedYAMLException) {
                return (MarkedYAMLException) t;
            }
        }
        return null;
    }

    /** SnakeYAML's messages span several lines with a code snippet; keep the sentences, on one line. */
    private static String firstLines(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                out.append(out.length() == 0 ? "" : ": ").append(line.trim());
            }
        }
        return out.toString();
    }
}
