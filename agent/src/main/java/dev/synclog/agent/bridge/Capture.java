package dev.synclog.agent.bridge;

/** The single hand-over point between inlined advice and the agent. Null while the agent is starting or off. */
public final class Capture {
    public static volatile CaptureSink sink;

    private Capture() {
    }
}
