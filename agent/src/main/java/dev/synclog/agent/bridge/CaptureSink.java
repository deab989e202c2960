package dev.synclog.agent.bridge;

import java.net.URI;

/**
 * What advice calls into. Implemented inside the agent's hidden class loader; advice reaches it through
 * {@link Capture#sink}. Every method must be cheap on the calling (app) thread and must never throw.
 */
public interface CaptureSink {

    /** The endpoint rule matching this call, or null when the call is not to be captured. */
    Object matchEndpoint(String method, URI uri);

    /** Largest body, request or response, that is copied; larger bodies are truncated and the call says so. */
    int maxBodyBytes();

    /** The run the calling thread belongs to (never null while the agent is active). */
    Object currentRun();

    /** Hands a finished call to the writer thread. */
    void callCompleted(CallRecord call);

    /** A configured run method was entered; the token is passed back to {@link #runExited}. */
    Object runEntered(String runMethod);

    void runExited(Object token, Throwable thrown);

    /** An agent failure inside advice: counted, logged once per place, never rethrown. */
    void agentError(String where, Throwable error);
}
