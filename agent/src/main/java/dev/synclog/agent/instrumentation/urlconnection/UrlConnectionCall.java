package dev.synclog.agent.instrumentation.urlconnection;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.synclog.agent.capture.BodyCopy;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;

/** One captured connection while it streams: the record, copies of both bodies, and when it last moved. */
final class UrlConnectionCall {
    final CallRecord record;
    final BodyCopy request;
    final BodyCopy response;
    private final CallCapture capture;
    private final AtomicBoolean finished = new AtomicBoolean();
    volatile long lastActivityNanos = System.nanoTime();

    UrlConnectionCall(CallRecord record, CallCapture capture) {
        this.record = record;
        this.capture = capture;
        this.request = new BodyCopy(capture.maxBodyBytes());
        this.response = new BodyCopy(capture.maxBodyBytes());
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    boolean isFinished() {
        return finished.get();
    }

    /** Completes the call once: at the end of the response body, on close, on disconnect or when abandoned. */
    boolean finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        if (error != null) {
            record.error = error;
        }
        record.bodies(request, response);
        capture.finish(record);
        return true;
    }
}
