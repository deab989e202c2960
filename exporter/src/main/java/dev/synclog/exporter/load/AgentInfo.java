package dev.synclog.exporter.load;

/** The agent process writing a queue, as announced by its AgentStarted event; copied onto its runs. */
public record AgentInfo(String host, Long pid, String agentVersion, Long startedAtMicros) {
    public static final AgentInfo UNKNOWN = new AgentInfo(null, null, null, null);

    public String describe() {
        return pid == null ? "unknown process" : "pid " + pid + " on " + host;
    }
}
