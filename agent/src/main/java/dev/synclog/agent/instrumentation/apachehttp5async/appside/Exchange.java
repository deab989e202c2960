package dev.synclog.agent.instrumentation.apachehttp5async.appside;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

import dev.synclog.agent.bridge.ByteBufferCopy;
import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.instrumentation.apachehttp5.appside.ApacheRequests;
import org.apache.hc.client5.http.async.methods.SimpleBody;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One async doExecute: the captured call starts when the producer hands the request over (in every client of the
 * library, on the app's thread inside doExecute, before connecting: the call lands in that thread's run), both bodies are copied as they
 * pass on the I/O threads, and the call finishes once: at the response's end, at a failure, or when the client
 * releases the exchange before either (cancelled). Takes doExecute's outcome as a {@code BiConsumer(future, thrown)}.
 */
final class Exchange implements BiConsumer<Object, Throwable> {
    private static final String CLIENT = "apache-http-client-5-async";

    private final HttpHost target;
    private volatile boolean started;
    private volatile CapturedCall call;
    private volatile boolean finished;

    /** The request body's copy for the attempt being sent, null until its first byte (a retry starts over). */
    private OutputStream requestCopy;
    private long declaredLength = -1;
    /** The body was copied when the request was sent: the client's writes need no copying. */
    private volatile boolean requestCopiedAhead;

    private volatile OutputStream responseCopy;
    private int responseCopied;

    Exchange(HttpHost target) {
        this.target = target;
    }

    /** The producer sends {@code request}: matches it, and copies a request's in-memory bytes before any byte leaves. */
    void requestSending(HttpRequest request, EntityDetails entity) {
        if (started) {
            return;
        }
        started = true;
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return;
        }
        try {
            CapturedCall matched = ApacheRequests.callStarting(sink, CLIENT, target, request, entity);
            if (matched == null) {
                return;
            }
            declaredLength = entity == null ? -1 : entity.getContentLength();
            call = matched;
            SimpleBody body = request instanceof SimpleHttpRequest ? ((SimpleHttpRequest) request).getBody() : null;
            if (body != null && body.isBytes()) {
                byte[] bytes = body.getBodyBytes();
                try (OutputStream copy = matched.requestCopy(bytes.length)) {
                    copy.write(bytes);
                }
                requestCopiedAhead = true;
            }
        } catch (Throwable ignored) {
            // not captured, or the copy is incomplete; the client sends the request as it would
        }
    }

    /** Whether the client's writes of the request body are to be copied. */
    boolean copiesRequest() {
        return call != null && !requestCopiedAhead;
    }

    /** The client wrote {@code written} bytes of the body, from {@code view}'s position on. */
    synchronized void requestWritten(ByteBuffer view, int written) {
        if (written <= 0) {
            return;
        }
        try {
            if (requestCopy == null) {
                requestCopy = call.requestCopy(declaredLength);
            }
            ByteBufferCopy.write(requestCopy, view, view.position(), written);
        } catch (Throwable ignored) {
            // the copy is ours; the app's write happened regardless
        }
    }

    /** The body is complete: closing the copy journals the rows before the client ends the request. */
    synchronized void requestEnding() {
        try {
            OutputStream copy = requestCopy != null ? requestCopy : call.requestCopy(declaredLength);
            requestCopy = null;
            copy.close();
        } catch (Throwable ignored) {
            // the copy is ours
        }
    }

    /** The producer is reset (before a retry, or at the end): a body sent again is copied from its start. */
    synchronized void requestReset() {
        requestCopy = null;
    }

    void responseArrived(HttpResponse response, EntityDetails entity) {
        CapturedCall captured = call;
        if (captured == null || finished) {
            return;
        }
        try {
            responseCopied = 0;
            responseCopy = captured.responseCopy(response.getCode(),
                    ApacheRequests.header(response, "Content-Type", entity == null ? null : entity.getContentType()),
                    ApacheRequests.header(response, "Content-Encoding", entity == null ? null : entity.getContentEncoding()));
        } catch (Throwable ignored) {
            // the copy is ours
        }
        if (entity == null) {
            finish(null);
        }
    }

    /** Copies what {@code data} holds without moving its position, up to one byte over the cap (to know it was over). */
    void responseData(ByteBuffer data) {
        OutputStream copy = responseCopy;
        CapturedCall captured = call;
        if (copy == null || captured == null || finished) {
            return;
        }
        try {
            int room = captured.bodyCap() + 1 - responseCopied;
            if (room > 0) {
                int n = Math.min(room, data.remaining());
                ByteBufferCopy.write(copy, data, data.position(), n);
                responseCopied += n;
            }
        } catch (Throwable ignored) {
            // the copy is ours
        }
    }

    /** The client let go of the exchange; unless the response ended or failed first, it was cancelled. */
    void released() {
        if (call != null && !finished) {
            finish(new CancellationException("the exchange was released before its response ended (cancelled)"));
        }
    }

    void finish(Throwable error) {
        CapturedCall captured = call;
        if (captured == null || finished) {
            return;
        }
        finished = true;
        captured.finish(error);
    }

    /** doExecute returned: a future it completed at once failed before the consumer saw anything (or is done anyway). */
    @Override
    public void accept(Object future, Throwable thrown) {
        if (thrown != null) {
            finish(thrown);
        } else if (future instanceof Future && ((Future<?>) future).isDone() && call != null && !finished) {
            Future<?> done = (Future<?>) future;
            if (done.isCancelled()) {
                finish(new CancellationException("the request was cancelled before it was sent"));
                return;
            }
            try {
                done.get();
            } catch (ExecutionException e) {
                finish(e.getCause() != null ? e.getCause() : e);
            } catch (Throwable ignored) {
                // completed normally: the consumer finished the call
            }
        }
    }
}
