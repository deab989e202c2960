package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonToken;

import java.util.List;
import java.util.Map;

/** A YAML value that remembers where it starts, so every config error can name its line and column. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    int line();

    int column();

    /** How the value reads in an error message: "text", "a mapping", "a list". */
    String kind();

    /** A plain value; {@code token} tells strings, numbers, booleans and null apart. */
    record Scalar(String text, JsonToken token, int line, int column) implements YamlNode {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String kind() {
            switch (token) {
                case VALUE_NULL: return "empty";
                case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
                case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
                default: return "text";
            }
        }
    }

    /** Entries in file order; {@code keys} holds where each key was written. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Scalar> keys, int line, int column) implements YamlNode {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }
}
