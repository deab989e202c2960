package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpRequest;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallInProgress;
import dev.synclog.agent.capture.CallRecord;

/** One captured {@code HttpClient} exchange while it streams. */
final class JdkHttpCall extends CallInProgress {
    /** The app's body publisher, to read rows from a call that failed before sending them. */
    HttpRequest.BodyPublisher publisher;

    JdkHttpCall(CallRecord record, CallCapture capture) {
        super(record, capture);
    }

    @Override
    protected void beforeFinish(Throwable error) {
        if (error != null && request.length() == 0 && publisher != null) {
            UnsentBody.copyInto(publisher, request);
        }
    }
}
