package dev.synclog.agent.capture;

import java.io.OutputStream;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.bridge.CapturedCall;

/**
 * A call captured by a library's app-side helper (OkHttp, Apache HttpClient 5): the record and copies of both
 * bodies, filled through the streams handed out here, completed once.
 */
public final class LibraryCall extends CapturedCall {
    private final CallInProgress call;
    private final CallCapture capture;

    public LibraryCall(CallRecord record, CallCapture capture) {
        this.call = new CallInProgress(record, capture);
        this.capture = capture;
    }

    @Override
    public int bodyCap() {
        return capture.maxBodyBytes();
    }

    @Override
    public OutputStream requestCopy(long declaredLength) {
        synchronized (call.request) {
            call.request.reset();
        }
        return call.requestStream(declaredLength, NOTHING);
    }

    @Override
    public OutputStream responseCopy(int status, String contentType, String contentEncoding) {
        call.record.status = status;
        call.record.responseContentType = contentType;
        call.record.responseContentEncoding = contentEncoding;
        synchronized (call.response) {
            call.response.reset();
        }
        return CallInProgress.into(call.response, NOTHING);
    }

    @Override
    public void finish(Throwable error) {
        try {
            call.finish(error);
        } catch (Throwable t) {
            AgentLog.failure("completing a " + call.record.client + " call", t);
        }
    }

    private static final Runnable NOTHING = () -> { };
}
