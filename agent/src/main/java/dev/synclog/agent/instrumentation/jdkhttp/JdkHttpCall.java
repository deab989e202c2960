package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpRequest;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.synclog.agent.capture.BodyCopy;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;

/** One captured {@code HttpClient} exchange while it streams: the record plus copies of both bodies. */
final class JdkHttpCall {
    final CallRecord record;
    final BodyCopy request;
    final BodyCopy response;
    private final CallCapture capture;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The app's body publisher, to read rows from a call that failed before sending them. */
    HttpRequest.BodyPublisher publisher;

    JdkHttpCall(CallRecord record, CallCapture capture) {
        this.record = record;
        this.capture = capture;
        this.request = new BodyCopy(capture.maxBodyBytes());
        this.response = new BodyCopy(capture.maxBodyBytes());
    }

    /** Completes the call once, whichever of body end, body error or future failure comes first. */
    void finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        record.error = error;
        if (error != null && request.length() == 0 && publisher != null) {
            UnsentBody.copyInto(publisher, request);
        }
        record.bodies(request, response);
        capture.finish(record);
    }
}
