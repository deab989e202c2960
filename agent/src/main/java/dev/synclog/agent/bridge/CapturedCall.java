package dev.synclog.agent.bridge;

import java.io.OutputStream;

/**
 * A captured call as the app-side helpers of a client library see it (the OkHttp interceptor, the Apache
 * HttpClient entity wrappers): they run in the app's class loader, so they reach the agent through this
 * bootstrap-visible class, with JDK types only. Implemented inside the agent; no method throws.
 */
public abstract class CapturedCall {

    /** Bytes of a body kept at most; a helper that reads ahead reads one more, to know the body was longer. */
    public abstract int bodyCap();

    /** Where the request body is copied as the client writes it; each call starts the copy over (a retry). */
    public abstract OutputStream requestCopy();

    /** The response arrived: where its body is copied. */
    public abstract OutputStream responseCopy(int status, String contentType, String contentEncoding);

    /** Completes the call once (later calls are ignored); {@code error} is a transport failure or null. */
    public abstract void finish(Throwable error);
}
