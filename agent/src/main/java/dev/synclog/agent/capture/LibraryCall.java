package dev.synclog.agent.capture;

import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.bridge.CapturedCall;

/**
 * A call captured by a library's app-side helper (OkHttp, Apache HttpClient 5): the record and copies of both
 * bodies, filled through the streams handed out here, completed once.
 */
public final class LibraryCall extends CapturedCall {
    private final CallRecord record;
    private final CallCapture capture;
    private final BodyCopy request;
    private final BodyCopy response;
    private final AtomicBoolean finished = new AtomicBoolean();

    public LibraryCall(CallRecord record, CallCapture capture) {
        this.record = record;
        this.capture = capture;
        this.request = new BodyCopy(capture.maxBodyBytes());
        this.response = new BodyCopy(capture.maxBodyBytes());
    }

    @Override
    public int bodyCap() {
        return capture.maxBodyBytes();
    }

    @Override
    public OutputStream requestCopy() {
        synchronized (request) {
            request.reset();
        }
        return new CopyStream(request);
    }

    @Override
    public OutputStream responseCopy(int status, String contentType, String contentEncoding) {
        record.status = status;
        record.responseContentType = contentType;
        record.responseContentEncoding = contentEncoding;
        synchronized (response) {
            response.reset();
        }
        return new CopyStream(response);
    }

    @Override
    public void finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            record.error = error;
            synchronized (request) {
                synchronized (response) {
                    record.bodies(request, response);
                }
            }
            capture.finish(record);
        } catch (Throwable t) {
            AgentLog.failure("completing a " + record.client + " call", t);
        }
    }

    /** Writes into a body copy (the cap is the copy's: beyond it bytes are counted, not kept). */
    private static final class CopyStream extends OutputStream {
        private final BodyCopy copy;

        CopyStream(BodyCopy copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.append(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.append(b, off, len);
            }
        }
    }
}
