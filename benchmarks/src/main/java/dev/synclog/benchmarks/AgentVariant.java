package dev.synclog.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * What an app runs with in the overhead benchmarks: no agent, the synclog agent with the example's config (its
 * queue on disk, its writer running, no exporter), or the OpenTelemetry Java agent with its exporters off.
 */
enum AgentVariant {
    NO_AGENT("no agent", ""),
    SYNCLOG("synclog agent", "synclog: agent "),
    OPENTELEMETRY("OpenTelemetry agent", "opentelemetry-javaagent - version");

    final String label;
    /** What the agent prints at start-up: its absence in the app's output means the agent was not attached. */
    final String attachedMarker;

    AgentVariant(String label, String attachedMarker) {
        this.label = label;
        this.attachedMarker = attachedMarker;
    }

    /** The JVM options that attach it; {@code queue} is the synclog agent's queue directory (unused by the others). */
    List<String> jvmOptions(Repository repository, Path queue) {
        return switch (this) {
            case NO_AGENT -> List.of();
            case SYNCLOG -> List.of("-javaagent:" + repository.agentJar() + "=config=" + repository.exampleAgentConfig(),
                    "-Dsynclog.queue=" + queue);
            case OPENTELEMETRY -> List.of("-javaagent:" + repository.openTelemetryAgentJar(),
                    "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none");
        };
    }
}
