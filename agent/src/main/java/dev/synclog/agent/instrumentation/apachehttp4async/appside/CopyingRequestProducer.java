package dev.synclog.agent.instrumentation.apachehttp4async.appside;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.synclog.agent.bridge.CapturedCall;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.protocol.HttpContext;

/**
 * The app's producer of a request whose entity is read once, unchanged, copying what it writes to the client's
 * encoder. The copy journals the rows when it holds the entity's declared length, or when the producer completes
 * the body; a reset (a retry) starts the copy over with the next write.
 */
final class CopyingRequestProducer implements HttpAsyncRequestProducer {
    private final HttpAsyncRequestProducer delegate;
    private final CapturedCall call;
    private final long declaredLength;
    /** The copy of the body being written; null until the first write, and after a reset. */
    private volatile BufferCopy copy;

    CopyingRequestProducer(HttpAsyncRequestProducer delegate, CapturedCall call, long declaredLength) {
        this.delegate = delegate;
        this.call = call;
        this.declaredLength = declaredLength;
    }

    @Override
    public HttpHost getTarget() {
        return delegate.getTarget();
    }

    @Override
    public HttpRequest generateRequest() throws IOException, HttpException {
        return delegate.generateRequest();
    }

    @Override
    public void produceContent(ContentEncoder encoder, IOControl ioControl) throws IOException {
        BufferCopy current = copy;
        if (current == null) {
            current = new BufferCopy(call.requestCopy(declaredLength), Long.MAX_VALUE);
            copy = current;
        }
        delegate.produceContent(new CopyingEncoder(encoder, current), ioControl);
    }

    @Override
    public void requestCompleted(HttpContext context) {
        BufferCopy current = copy;
        if (current != null) {
            current.close();
        }
        delegate.requestCompleted(context);
    }

    @Override
    public void failed(Exception ex) {
        delegate.failed(ex);
    }

    @Override
    public boolean isRepeatable() {
        return delegate.isRepeatable();
    }

    @Override
    public void resetRequest() throws IOException {
        copy = null;
        delegate.resetRequest();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    /** The client's encoder, unchanged, copying each write after it and closing the copy before the body ends. */
    private static final class CopyingEncoder implements ContentEncoder {
        private final ContentEncoder delegate;
        private final BufferCopy copy;

        CopyingEncoder(ContentEncoder delegate, BufferCopy copy) {
            this.delegate = delegate;
            this.copy = copy;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int start = src.position();
            int written = delegate.write(src);
            copy.copy(src, start, written);
            return written;
        }

        @Override
        public void complete() throws IOException {
            copy.close();
            delegate.complete();
        }

        @Override
        public boolean isCompleted() {
            return delegate.isCompleted();
        }
    }
}
