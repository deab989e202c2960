package dev.synclog.agent.instrumentation.okhttp.appside;

import java.io.IOException;
import java.io.OutputStream;

import dev.synclog.agent.bridge.CapturedCall;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * The app's request body, unchanged (same type, length, one-shot and duplex answers), copying the bytes as
 * OkHttp writes them: a one-shot body is read once, as without the agent. A duplex body streams for the
 * call's whole life and is not copied.
 */
final class CopyingRequestBody extends RequestBody {
    private final RequestBody delegate;
    private final CapturedCall call;
    private volatile boolean written;

    CopyingRequestBody(RequestBody delegate, CapturedCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public MediaType contentType() {
        return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
        return delegate.contentLength();
    }

    @Override
    public boolean isOneShot() {
        return delegate.isOneShot();
    }

    @Override
    public boolean isDuplex() {
        return delegate.isDuplex();
    }

    /**
     * Each write is copied before it goes on to OkHttp's sink, and the copy is closed (the rows journaled) before the
     * body's end reaches it: with a declared length the copy journals when it holds the whole body; without, OkHttp
     * sends the last chunk only when its sink is closed, after this returns (or when the app's body closes it).
     */
    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        written = true;
        if (delegate.isDuplex()) {
            delegate.writeTo(sink);
            return;
        }
        OutputStream copy = call.requestCopy(declaredLength());
        BufferedSink copying = Okio.buffer(new ForwardingSink(sink) {
            @Override
            public void write(Buffer source, long byteCount) throws IOException {
                try {
                    source.copyTo(copy, 0, byteCount);
                } catch (Throwable ignored) {
                    // the copy is ours; the bytes go to the network regardless
                }
                super.write(source, byteCount);
            }

            @Override
            public void close() throws IOException {
                closeQuietly(copy);
                super.close();
            }
        });
        delegate.writeTo(copying);
        if (copying.isOpen()) {
            copying.emit();
        }
        closeQuietly(copy);
    }

    /** The body's length as OkHttp sends it, or -1 (chunked); asked of the app's body as OkHttp itself does. */
    private long declaredLength() {
        try {
            return delegate.contentLength();
        } catch (Throwable t) {
            return -1;
        }
    }

    private static void closeQuietly(OutputStream copy) {
        try {
            copy.close();
        } catch (Throwable ignored) {
            // the copy is ours; the request goes on regardless
        }
    }

    /**
     * The call failed before OkHttp wrote the body (connection refused): its rows are still the call's rows.
     * A body that is neither one-shot nor duplex may be written any number of times (OkHttp itself does so
     * on a retry), so it is written once more, into the copy only.
     */
    void copyIfUnsent() {
        if (written || delegate.isOneShot() || delegate.isDuplex()) {
            return;
        }
        try {
            BufferedSink copy = Okio.buffer(Okio.sink(call.requestCopy(-1)));
            delegate.writeTo(copy);
            copy.flush();
        } catch (Throwable ignored) {
            // no rows then: the call is still recorded with its error
        }
    }
}
