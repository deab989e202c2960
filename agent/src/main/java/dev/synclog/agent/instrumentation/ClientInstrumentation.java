package dev.synclog.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;

/** One instrumented library: its name (as in the config's {@code capture.instrumentation}) and its transforms. */
public interface ClientInstrumentation {

    String name();

    AgentBuilder install(AgentBuilder builder);
}
