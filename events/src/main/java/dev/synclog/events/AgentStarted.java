package dev.synclog.events;

public final class AgentStarted extends SyncEvent<AgentStarted> {
    /** Identity of the queue directory; stable across agent restarts that reuse the directory. */
    private String sourceId;
    private String host;
    private long pid;
    private String agentVersion;
    /** SHA-256 of the configuration file's bytes, hex. */
    private String configHash;
    private String javaVersion;

    public String sourceId() { return sourceId; }
    public AgentStarted sourceId(String v) { sourceId = v; return this; }
    public String host() { return host; }
    public AgentStarted host(String v) { host = v; return this; }
    public long pid() { return pid; }
    public AgentStarted pid(long v) { pid = v; return this; }
    public String agentVersion() { return agentVersion; }
    public AgentStarted agentVersion(String v) { agentVersion = v; return this; }
    public String configHash() { return configHash; }
    public AgentStarted configHash(String v) { configHash = v; return this; }
    public String javaVersion() { return javaVersion; }
    public AgentStarted javaVersion(String v) { javaVersion = v; return this; }
}
