package dev.synclog.agent.telemetry;

import io.opentelemetry.api.trace.Span;

/**
 * The agent's spans and metrics: a span per run and a child span per destination call, made on the writer thread.
 * Their ids go on every event, exported or not; the OpenTelemetry SDK (about 200 classes) is loaded only when they
 * leave the process.
 */
public interface AgentTelemetry extends AutoCloseable {

    static AgentTelemetry create(TelemetrySettings settings) {
        return settings.exports() ? SdkTelemetry.exporting(settings) : new IdsOnlyTelemetry();
    }

    Span startRun(String runId, long startMicros, Iterable<String> syncIds);

    void endRun(Span run, String status, String error, long endMicros);

    /** A finished destination call as a child span of its run; returns it, ended. */
    Span recordCall(Span run, CallFacts call);

    void dropped(String reason, long count);

    /** Flushes what is configured to leave the process. */
    @Override
    void close();

    /** What a span needs to know about a call; the writer fills it from the call record and its interpretation. */
    record CallFacts(String syncId, String runId, String endpoint, String destination, String method, String url,
                     int httpStatus, String errorType, int rowsSucceeded, int rowsFailed, long startMicros,
                     long endMicros) {
    }
}
