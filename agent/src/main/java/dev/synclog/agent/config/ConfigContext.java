package dev.synclog.agent.config;

/** What every part of config reading needs: the file's name for messages, and variable resolution. */
final class ConfigContext {
    private final String source;
    private final Interpolation interpolation;

    ConfigContext(String source, Interpolation interpolation) {
        this.source = source;
        this.interpolation = interpolation;
    }

    ConfigPlace place(YamlNode at) {
        return ConfigPlace.of(source, at);
    }

    ConfigException error(YamlNode at, String problem, String fix) {
        return new ConfigException(source, at.line(), at.column(), problem, fix);
    }

    /** Splits "problem; fix" text (as thrown by the pure parsers) into a located exception. */
    ConfigException error(YamlNode at, IllegalArgumentException problemAndFix) {
        String text = problemAndFix.getMessage();
        int split = text.indexOf("; ");
        return split < 0 ? error(at, text, "see docs/configuration.md")
                : error(at, text.substring(0, split), text.substring(split + 2));
    }

    String interpolate(YamlNode at, String text) throws ConfigException {
        if (text == null) {
            return null;
        }
        try {
            return interpolation.resolve(text);
        } catch (IllegalArgumentException e) {
            throw error(at, e);
        }
    }
}
