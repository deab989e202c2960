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

    /**
     * Where the request body is copied as the client writes it; each call starts the copy over (a retry). Copy each
     * write before passing it on, and close the copy when the body is complete, before the client ends the request:
     * the request's rows are journaled then, or as soon as the copy holds {@code declaredLength} bytes (-1 when the
     * length is not declared), so a kill -9 while the call is in flight still accounts for them.
     */
    public abstract OutputStream requestCopy(long declaredLength);

    /** The response arrived: where its body is copied. */
    public abstract OutputStream responseCopy(int status, String contentType, String contentEncoding);

    /** Completes the call once (later calls are ignored); {@code error} is a transport failure or null. */
    public abstract void finish(Throwable error);
}
