package dev.synclog.agent.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A captured call while its bodies stream past: the record, capped copies of both bodies, and a finish that
 * happens once, whichever of the client's signals (body end, close, error, disconnect) comes first. The copies
 * are locked on themselves: a client may write them from its own threads.
 */
public class CallInProgress {
    public final CallRecord record;
    public final BodyCopy request;
    public final BodyCopy response;
    private final CallCapture capture;
    private final AtomicBoolean finished = new AtomicBoolean();

    public CallInProgress(CallRecord record, CallCapture capture) {
        this.record = record;
        this.capture = capture;
        this.request = new BodyCopy(capture.maxBodyBytes());
        this.response = new BodyCopy(capture.maxBodyBytes());
    }

    public final boolean isFinished() {
        return finished.get();
    }

    /**
     * The request body is complete: its rows are journaled now, before the response, so that a kill -9 while the call
     * is in flight still accounts for them. Clients that cannot tell call nothing; {@link #finish} journals both then.
     */
    public final void requestSent() {
        if (isFinished()) {
            return;
        }
        synchronized (request) {
            if (record.requestRows != null) {
                return;
            }
            record.requestBody(request);
            capture.requestSent(record);
        }
    }

    /** Hands the call to the writer the first time; returns false on every later call. */
    public final boolean finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        if (error != null) {
            record.error = error;
        }
        synchronized (request) {
            beforeFinish(error);
            synchronized (response) {
                record.bodies(request, response);
            }
            capture.finish(record);
        }
        return true;
    }

    /** Last chance to complete the copies, with the request copy locked. */
    protected void beforeFinish(Throwable error) {
    }

    /**
     * Where the request body is copied as the client sends it. The request ends, and its rows are journaled
     * ({@link #requestSent}), when the stream is closed or as soon as it holds the whole declared body
     * ({@code declaredLength} bytes; -1 when the client does not declare it): a client that copies each write
     * before passing it on thus journals the rows before the destination can have the whole request.
     * {@code onWrite} runs after each write (e.g. to note activity).
     */
    public final OutputStream requestStream(long declaredLength, Runnable onWrite) {
        synchronized (request) {
            request.expect(declaredLength);
        }
        OutputStream copy = into(request, onWrite);
        return new OutputStream() {
            @Override
            public void close() {
                requestSent();
            }

            @Override
            public void write(int b) throws IOException {
                copy.write(b);
                requestCopied(declaredLength);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                copy.write(b, off, len);
                requestCopied(declaredLength);
            }
        };
    }

    /**
     * Bytes were added to the request copy: once it holds the declared length (-1: none declared, so only the
     * client's end-of-body signal ends the request) the rows are journaled, before the caller passes the bytes on.
     */
    public final void requestCopied(long declaredLength) {
        if (declaredLength < 0) {
            return;
        }
        boolean whole;
        synchronized (request) {
            whole = request.seen() >= declaredLength;
        }
        if (whole) {
            requestSent();
        }
    }

    /** A stream writing into {@code copy}; {@code onWrite} runs after each write (e.g. to note activity). */
    public static OutputStream into(BodyCopy copy, Runnable onWrite) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.append(b);
                }
                onWrite.run();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (copy) {
                    copy.append(b, off, len);
                }
                onWrite.run();
            }
        };
    }
}
