package dev.synclog.agent.instrumentation.urlconnection;

import java.io.OutputStream;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallInProgress;
import dev.synclog.agent.capture.CallRecord;

/** One captured connection while it streams, and when it last moved (to complete calls the app abandons). */
final class UrlConnectionCall extends CallInProgress {
    volatile long lastActivityNanos = System.nanoTime();

    UrlConnectionCall(CallRecord record, CallCapture capture) {
        super(record, capture);
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /**
     * Where the request body is copied as the app writes it; the app closing its stream, or the copy reaching the
     * fixed length of streaming mode ({@code declaredLength}, else -1), ends the request.
     */
    OutputStream requestCopy(long declaredLength) {
        return requestStream(declaredLength, this::touch);
    }
}
