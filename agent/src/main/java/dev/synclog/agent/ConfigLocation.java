package dev.synclog.agent;

import java.nio.file.Path;

/** Where the config file is: {@code -javaagent:synclog.jar=config=PATH}, else {@code -Dsynclog.config}, else {@code SYNCLOG_CONFIG}. */
final class ConfigLocation {
    private ConfigLocation() {
    }

    /** @return the path, or null when none is given anywhere */
    static Path find(String agentArgs) {
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String option : agentArgs.split(",")) {
                String trimmed = option.trim();
                if (trimmed.startsWith("config=")) {
                    return Path.of(trimmed.substring("config=".length()));
                }
                if (!trimmed.isEmpty()) {
                    AgentLog.warn("ignoring unknown agent option '" + trimmed
                            + "' in -javaagent:synclog.jar=...: the only option is config=PATH");
                }
            }
        }
        String property = System.getProperty("synclog.config");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("SYNCLOG_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
