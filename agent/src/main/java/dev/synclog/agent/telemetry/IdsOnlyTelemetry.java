package dev.synclog.agent.telemetry;

import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;

/**
 * When nothing is exported: the spans' ids only, made as the SDK makes them (random, W3C trace context form, a call's
 * span in its run's trace), so events carry ids of the same shape whether or not a collector is configured. Spans that
 * are never exported have no other use, nor do metrics that are never read.
 */
final class IdsOnlyTelemetry implements AgentTelemetry {

    @Override
    public Span startRun(String runId, long startMicros, Iterable<String> syncIds) {
        return span(newTraceId());
    }

    @Override
    public void endRun(Span run, String status, String error, long endMicros) {
    }

    @Override
    public Span recordCall(Span run, CallFacts call) {
        return span(run.getSpanContext().getTraceId());
    }

    @Override
    public void dropped(String reason, long count) {
    }

    @Override
    public void close() {
    }

    private static Span span(String traceId) {
        long spanId;
        do {
            spanId = ThreadLocalRandom.current().nextLong();
        } while (spanId == 0);
        return Span.wrap(SpanContext.create(traceId, SpanId.fromLong(spanId), TraceFlags.getSampled(),
                TraceState.getDefault()));
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return TraceId.fromLongs(high, low);
    }
}
