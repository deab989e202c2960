package dev.synclog.agent.bridge;

import java.net.URI;

/**
 * One destination call as an instrumentation saw it, handed from the app thread to the agent's writer
 * thread. JDK types only: this class sits on the bootstrap class path so that advice inlined into
 * classes of any loader can fill it. No headers are kept beyond the two encodings needed to decode bodies.
 */
public final class CallRecord {
    /** Which instrumentation captured the call, e.g. {@code java-http-client}. */
    public String client;
    public String method;
    public URI uri;
    /** The configured endpoint rule that matched, as returned by {@link CaptureSink#matchEndpoint}. */
    public Object endpoint;
    /** The run this call belongs to, as returned by {@link CaptureSink#currentRun()} on the calling thread. */
    public Object run;

    public String requestContentType;
    public String requestContentEncoding;
    public byte[] requestBody;
    public int requestBodyLength;
    /** The app sent more than the cap; {@link #requestBody} holds only the first bytes. */
    public boolean requestBodyTruncated;

    /** HTTP status, or 0 when no response arrived. */
    public int status;
    public String responseContentType;
    public String responseContentEncoding;
    public byte[] responseBody;
    public int responseBodyLength;
    public boolean responseBodyTruncated;

    /** Transport failure (timeout, refused, reset); null when a response arrived. */
    public Throwable error;

    public long startNanos;
    public long endNanos;
    public long startEpochMicros;
}
