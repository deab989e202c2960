package dev.synclog.agent.capture;

import java.net.URI;

import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.rows.RequestRows;
import dev.synclog.agent.runs.Run;

/**
 * One finished destination call as an instrumentation saw it, handed from the app thread to the writer
 * thread. No headers are kept beyond the two that say how to decode the bodies.
 */
public final class CallRecord {
    /** Which instrumentation captured the call, e.g. {@code java-http-client}. */
    public String client;
    public String method;
    public URI uri;
    /** The configured endpoint rule that matched. */
    public EndpointRule endpoint;
    /** The run the call belongs to: the one active on the thread that made it. */
    public Run run;

    public String requestContentType;
    public String requestContentEncoding;
    public byte[] requestBody;
    /** Valid bytes in {@link #requestBody}. */
    public int requestBodyLength;
    /** The app sent more than the cap; {@link #requestBody} holds only the first bytes. */
    public boolean requestBodyTruncated;

    /**
     * A call of a configured SDK method rather than an HTTP request: the bodies hold the rows argument and the
     * return value as JSON, the status stays 0, and {@link #error} is what the method threw.
     */
    public boolean javaMethod;

    /** HTTP status, or 0 when no response arrived. */
    public int status;
    public String responseContentType;
    public String responseContentEncoding;
    public byte[] responseBody;
    public int responseBodyLength;
    public boolean responseBodyTruncated;

    /**
     * An SDK reported the call's failure as an object rather than an exception (a callback's {@code
     * onError(ErrorResponse)}): every row fails, with a reason read from the response body, which holds that object.
     */
    public boolean resultIsFailure;

    /** Transport failure (timeout, refused, reset); null when a response arrived. */
    public Throwable error;

    public long startNanos;

    /** The request's rows, read once the request was complete; null until then. */
    public RequestRows requestRows;
    /** The call's key in the journal once its request is journaled; 0 before, or when it was dropped. */
    public long journalKey;

    public long endNanos;
    public long startEpochMicros;

    /** Takes the copies made while the bodies streamed past. */
    public void bodies(BodyCopy request, BodyCopy response) {
        requestBody(request);
        responseBody = response.bytes();
        responseBodyLength = response.length();
        responseBodyTruncated = response.truncated();
    }

    /** Takes the copy of the request body made so far. */
    public void requestBody(BodyCopy request) {
        requestBody = request.bytes();
        requestBodyLength = request.length();
        requestBodyTruncated = request.truncated();
    }
}
