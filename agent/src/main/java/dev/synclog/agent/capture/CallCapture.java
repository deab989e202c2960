package dev.synclog.agent.capture;

import java.net.URI;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.queue.EventHandoff;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.runs.RunTracker;

/**
 * What every instrumentation (HTTP clients and SDK methods) shares: deciding whether a call is captured, stamping it with its run
 * and start time, and handing it over once it is complete.
 */
public final class CallCapture {
    private final AgentConfig config;
    private final RunTracker runs;
    private final EventHandoff handoff;

    public CallCapture(AgentConfig config, RunTracker runs, EventHandoff handoff) {
        this.config = config;
        this.runs = runs;
        this.handoff = handoff;
    }

    /** A new record for a call that matches a configured endpoint, or null to leave the call alone. */
    public CallRecord start(String client, String method, URI uri) {
        EndpointRule rule = config.match(method, uri);
        if (rule == null) {
            return null;
        }
        return start(rule, client, method, uri);
    }

    /** A new record for an invocation of the SDK method of {@code rule}, recorded as {@code CALL java:Class#method}. */
    public CallRecord startJavaMethod(EndpointRule rule) {
        CallRecord call = start(rule, "java-method", "CALL", URI.create(rule.javaMethod().url()));
        call.javaMethod = true;
        return call;
    }

    private CallRecord start(EndpointRule rule, String client, String method, URI uri) {
        InjectedFault.at("capture");
        CallRecord call = new CallRecord();
        call.client = client;
        call.method = method;
        call.uri = uri;
        call.endpoint = rule;
        Run run = runs.current();
        call.run = run;
        run.callStarted();
        call.startNanos = System.nanoTime();
        call.startEpochMicros = EpochMicros.now();
        return call;
    }

    public int maxBodyBytes() {
        return config.maxBodyBytes();
    }

    /** Hands a complete call to the writer. Each instrumentation calls this once per call. */
    public void finish(CallRecord call) {
        call.endNanos = System.nanoTime();
        // Handed over before it stops counting as in flight: the writer, seeing neither, would end the run without it.
        handoff.offerCall(call);
        call.run.callFinished();
    }
}
