package dev.synclog.agent.config;

/** Where a setting was written, for errors found after parsing (a queue directory the app cannot write). */
public record ConfigPlace(String source, int line, int column) {
    static ConfigPlace of(String source, YamlNode node) {
        return new ConfigPlace(source, node.line(), node.column());
    }

    ConfigException error(String problem, String fix) {
        return new ConfigException(source, line, column, problem, fix);
    }
}
