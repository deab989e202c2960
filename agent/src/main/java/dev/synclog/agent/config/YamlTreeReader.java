package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into {@link YamlNode}s with positions. Jackson's tree model drops locations, and a config
 * error without a line number sends the user hunting, so we build our own small tree from the token stream.
 */
final class YamlTreeReader {
    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlTreeReader() {
    }

    /** The document's root; an empty document reads as an empty mapping. */
    static YamlNode read(String yaml, String source) throws ConfigException {
        try (JsonParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Mapping(Map.of(), Map.of(), 1, 1);
            }
            return readValue(parser, source);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(source, at == null ? 1 : Math.max(1, at.getLineNr()),
                    at == null ? 1 : Math.max(1, at.getColumnNr()),
                    "YAML syntax error: " + firstLines(e.getOriginalMessage()),
                    "fix the indentation, quoting or brackets here (quote values that contain ': ', '{' or '#')");
        } catch (IOException e) {
            throw new ConfigException(source, "cannot read the YAML (" + e + ")", "check the file", e);
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
