package dev.synclog.agent.config;

/**
 * One {@code match.headers} entry: the request header at {@code slot} of the config's matched header names
 * ({@link AgentConfig#matchedHeaderNames()}) must have exactly this value.
 */
record HeaderMatch(String value, int slot) {

    boolean matches(String[] headerValues) {
        return headerValues != null && value.equals(headerValues[slot]);
    }
}
