package dev.synclog.agent.capture;

import java.net.URI;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.AgentLog;
import dev.synclog.agent.queue.CallJournal;
import dev.synclog.agent.rows.CallInterpretation;
import dev.synclog.agent.rows.CallInterpreter;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.runs.RunTracker;

/**
 * What every instrumentation (HTTP clients and SDK methods) shares: deciding whether a call is captured, stamping it with its run
 * and start time, and journaling it: its request's rows once the request is complete, their outcomes once the call
 * ends. The rows are read here, on the app's thread, so that only privacy-safe rows reach the journal on disk.
 */
public final class CallCapture {
    private final AgentConfig config;
    private final RunTracker runs;
    private final CallJournal journal;
    private final CallInterpreter interpreter;
    /** Null unless {@code capture.log_unmatched}: the calls no endpoint matched, named once each. */
    private final UnmatchedCalls unmatched;

    public CallCapture(AgentConfig config, RunTracker runs, CallJournal journal) {
        this.config = config;
        this.runs = runs;
        this.journal = journal;
        this.interpreter = new CallInterpreter(config.maxBodyBytes());
        this.unmatched = config.logUnmatched() ? new UnmatchedCalls() : null;
    }

    /**
     * A new record for a call that matches a configured endpoint, or null to leave the call alone.
     *
     * @param headerValues the request's values of {@link #matchedHeaderNames()}: used for matching only, never recorded
     */
    public CallRecord start(String client, String method, URI uri, String[] headerValues) {
        EndpointRule rule = config.match(method, uri, headerValues);
        if (rule == null) {
            if (unmatched != null) {
                unmatched.seen(client, method, uri);
            }
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

    /** The request headers endpoints match on, for {@code MatchedHeaders.read}; empty when none does. */
    public String[] matchedHeaderNames() {
        return config.matchedHeaderNames();
    }

    public int maxBodyBytes() {
        return config.maxBodyBytes();
    }

    /** Journals the rows of a complete request (once per call, before {@link #finish}). */
    public void requestSent(CallRecord call) {
        try {
            InjectedFault.at("interpret");
            call.requestRows = interpreter.readRequest(call.endpoint, call);
            journal.callSent(call, call.requestRows);
        } catch (Throwable t) {
            AgentLog.failure("journaling a call's request", t);
        }
    }

    /** Journals how a call ended, and its request first if that was not done. Called once per call. */
    public void finish(CallRecord call) {
        call.endNanos = System.nanoTime();
        try {
            if (call.requestRows == null) {
                requestSent(call);
            }
            if (call.requestRows != null) {
                CallInterpretation result = interpreter.answer(call.requestRows, call.endpoint, call);
                journal.callEnded(call, result);
            }
        } catch (Throwable t) {
            AgentLog.failure("journaling a call", t);
        } finally {
            // After the journal: the writer ends a run once its calls are in, and must find this one there.
            call.run.callFinished();
        }
    }
}
