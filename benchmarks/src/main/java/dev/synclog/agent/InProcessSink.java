package dev.synclog.agent;

import java.util.List;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientCalls;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodCalls;
import dev.synclog.agent.instrumentation.urlconnection.UrlConnectionCalls;
import dev.synclog.agent.runs.RunTracker;

/**
 * Installs the agent's sink ({@link Capture#sink}, which the advice and the clients' app-side helpers call) over the
 * benchmarks' in-process capture, as the agent's start-up does: benchmarks can then call what the advice calls.
 * In the agent's package because the sink's class is the agent's own.
 */
public final class InProcessSink {
    private InProcessSink() {
    }

    public static void install(RunTracker runs, JdkHttpClientCalls httpClient, CallCapture capture) {
        Capture.sink = new AgentSink(runs, httpClient, new UrlConnectionCalls(capture), new SdkMethodCalls(capture, List.of(), AgentConfig.DEFAULT_MAX_WAITING_CALLS),
                capture);
    }
}
