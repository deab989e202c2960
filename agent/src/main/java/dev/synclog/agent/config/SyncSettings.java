package dev.synclog.agent.config;

/**
 * The sync a run reports under, with Hightouch's run-level names. Only {@code syncId} is required; the
 * others are null when not configured.
 */
public record SyncSettings(String syncId, String modelName, String primaryKey, String destination) {
}
