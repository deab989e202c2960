package dev.synclog.agent.telemetry;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import dev.synclog.agent.AgentLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

/**
 * The agent's spans and metrics when they are exported, made with the OpenTelemetry SDK on the writer thread from
 * what the app threads handed over: a span per run and a child span per destination call, with the times the calls
 * really had, so the app's threads pay nothing for them. The SDK is the agent's own copy, loaded by the agent's
 * loader: an OpenTelemetry agent or SDK in the app never sees these spans, nor we its context.
 */
final class SdkTelemetry implements AgentTelemetry {
    static final String SCOPE = "dev.synclog.agent";
    static final AttributeKey<String> SYNC_ID = AttributeKey.stringKey("synclog.sync.id");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("synclog.run.id");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("synclog.destination");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("synclog.endpoint");
    static final AttributeKey<Long> ROWS_ATTEMPTED = AttributeKey.longKey("synclog.rows.attempted");
    static final AttributeKey<Long> ROWS_SUCCEEDED = AttributeKey.longKey("synclog.rows.succeeded");
    static final AttributeKey<Long> ROWS_FAILED = AttributeKey.longKey("synclog.rows.failed");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("synclog.status");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("synclog.reason");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final SdkTracerProvider tracerProvider;
    private final SdkMeterProvider meterProvider;
    private final Tracer tracer;
    private final LongCounter rows;
    private final LongCounter dropped;
    private final DoubleHistogram callDuration;
    /** A service calls a few URLs over and over: the last one's parse is kept rather than parsing each call's again. */
    private ParsedUrl lastUrl = new ParsedUrl("", URI.create(""));

    private record ParsedUrl(String url, URI uri) {
    }

    SdkTelemetry(SdkTracerProvider tracerProvider, SdkMeterProvider meterProvider) {
        this.tracerProvider = tracerProvider;
        this.meterProvider = meterProvider;
        this.tracer = tracerProvider.get(SCOPE);
        Meter meter = meterProvider.get(SCOPE);
        rows = meter.counterBuilder("synclog.agent.rows").setUnit("{row}")
                .setDescription("Row results recorded, by destination and status").build();
        dropped = meter.counterBuilder("synclog.agent.events.dropped").setUnit("{event}")
                .setDescription("Events the agent could not write, by reason").build();
        meter.counterBuilder("synclog.agent.errors").setUnit("{error}")
                .setDescription("Failures inside the agent (each left the app unaffected)")
                .buildWithCallback(m -> m.record(AgentLog.failures()));
        callDuration = meter.histogramBuilder("synclog.agent.call.duration").setUnit("s")
                .setDescription("Duration of captured destination calls").build();
    }

    static SdkTelemetry exporting(TelemetrySettings settings) {
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), settings.serviceName())));
        return new SdkTelemetry(
                SdkTracerProvider.builder().setResource(resource).addSpanProcessor(spanExport(settings)).build(),
                SdkMeterProvider.builder().setResource(resource).registerMetricReader(metricExport(settings)).build());
    }

    private static SpanProcessor spanExport(TelemetrySettings settings) {
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(settings.endpoint() + "/v1/traces");
        settings.headers().forEach(exporter::addHeader);
        return BatchSpanProcessor.builder(exporter.build()).build();
    }

    private static MetricReader metricExport(TelemetrySettings settings) {
        OtlpHttpMetricExporterBuilder exporter = OtlpHttpMetricExporter.builder().setEndpoint(settings.endpoint() + "/v1/metrics");
        settings.headers().forEach(exporter::addHeader);
        return PeriodicMetricReader.builder(exporter.build()).setInterval(settings.metricInterval()).build();
    }

    @Override
    public Span startRun(String runId, long startMicros, Iterable<String> syncIds) {
        return tracer.spanBuilder("sync run").setNoParent().setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(startMicros, TimeUnit.MICROSECONDS)
                .setAttribute(RUN_ID, runId)
                .setAttribute(SYNC_ID, String.join(",", syncIds))
                .startSpan();
    }

    @Override
    public void endRun(Span run, String status, String error, long endMicros) {
        run.setAttribute(STATUS, status);
        if (error != null) {
            run.setStatus(StatusCode.ERROR, error);
        }
        run.end(endMicros, TimeUnit.MICROSECONDS);
    }

    /** HTTP client conventions. */
    @Override
    public Span recordCall(Span run, CallFacts call) {
        URI uri = uriOf(call.url());
        Span span = tracer.spanBuilder(call.method()).setParent(Context.root().with(run)).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(call.startMicros(), TimeUnit.MICROSECONDS)
                .setAttribute(HTTP_METHOD, call.method())
                .setAttribute(URL_FULL, call.url())
                .setAttribute(SERVER_ADDRESS, uri.getHost() == null ? "" : uri.getHost())
                .setAttribute(SYNC_ID, call.syncId())
                .setAttribute(RUN_ID, call.runId())
                .setAttribute(ENDPOINT, call.endpoint())
                .setAttribute(ROWS_ATTEMPTED, (long) (call.rowsSucceeded() + call.rowsFailed()))
                .setAttribute(ROWS_SUCCEEDED, (long) call.rowsSucceeded())
                .setAttribute(ROWS_FAILED, (long) call.rowsFailed())
                .startSpan();
        if (uri.getPort() > 0) {
            span.setAttribute(SERVER_PORT, (long) uri.getPort());
        }
        if (call.destination() != null) {
            span.setAttribute(DESTINATION, call.destination());
        }
        if (call.httpStatus() > 0) {
            span.setAttribute(HTTP_STATUS, (long) call.httpStatus());
        }
        if (call.errorType() != null) {
            span.setAttribute(ERROR_TYPE, call.errorType());
            span.setStatus(StatusCode.ERROR);
        } else if (call.httpStatus() >= 400) {
            span.setAttribute(ERROR_TYPE, Integer.toString(call.httpStatus()));
            span.setStatus(StatusCode.ERROR);
        }
        span.end(call.endMicros(), TimeUnit.MICROSECONDS);
        Attributes where = call.destination() == null ? Attributes.empty() : Attributes.of(DESTINATION, call.destination());
        callDuration.record((call.endMicros() - call.startMicros()) / 1e6, where);
        if (call.rowsSucceeded() > 0) {
            rows.add(call.rowsSucceeded(), where.toBuilder().put(STATUS, "succeeded").build());
        }
        if (call.rowsFailed() > 0) {
            rows.add(call.rowsFailed(), where.toBuilder().put(STATUS, "failed").build());
        }
        return span;
    }

    private URI uriOf(String url) {
        ParsedUrl last = lastUrl;
        if (!url.equals(last.url())) {
            last = new ParsedUrl(url, URI.create(url));
            lastUrl = last;
        }
        return last.uri();
    }

    @Override
    public void dropped(String reason, long count) {
        dropped.add(count, Attributes.of(REASON, reason));
    }

    /** Bounded: this runs while the JVM exits. */
    @Override
    public void close() {
        tracerProvider.shutdown().join(2, TimeUnit.SECONDS);
        meterProvider.shutdown().join(2, TimeUnit.SECONDS);
    }
}
