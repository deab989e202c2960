package dev.synclog.agent.instrumentation.apachehttp4async.appside;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.CancellationException;

import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.instrumentation.apachehttp4.appside.ApacheRequests;
import org.apache.http.HttpEntity;
import org.apache.http.HttpException;
import org.apache.http.HttpResponse;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.FileContentDecoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;
import org.apache.http.protocol.HttpContext;

/**
 * The app's response consumer, unchanged, copying what it reads from the client's decoder, up to the cap and one
 * byte more. The call ends once, on the first of: the response completed (before the client completes the app's
 * future), failed, cancelled, or the consumer closed without completing (it stopped reading early).
 */
final class CopyingResponseConsumer<T> implements HttpAsyncResponseConsumer<T> {
    private final HttpAsyncResponseConsumer<T> delegate;
    private final CapturedCall call;
    /** The copy of the final response's body; null before it arrives. */
    private volatile BufferCopy copy;

    CopyingResponseConsumer(HttpAsyncResponseConsumer<T> delegate, CapturedCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public void responseReceived(HttpResponse response) throws IOException, HttpException {
        try {
            HttpEntity entity = response.getEntity();
            copy = new BufferCopy(call.responseCopy(response.getStatusLine().getStatusCode(),
                    ApacheRequests.header(response, "Content-Type", entity == null ? null : entity.getContentType()),
                    ApacheRequests.header(response, "Content-Encoding", entity == null ? null : entity.getContentEncoding())),
                    call.bodyCap() + 1L);
        } catch (Throwable ignored) {
            // no copy: the call ends without its body
        }
        delegate.responseReceived(response);
    }

    /** The decoder is wrapped as what it is: one that can transfer to a file stays one ({@code ZeroCopyConsumer} asks). */
    @Override
    public void consumeContent(ContentDecoder decoder, IOControl ioControl) throws IOException {
        BufferCopy current = copy;
        delegate.consumeContent(current == null ? decoder : decoder instanceof FileContentDecoder
                ? new CopyingFileDecoder((FileContentDecoder) decoder, current) : new CopyingDecoder(decoder, current), ioControl);
    }

    @Override
    public void responseCompleted(HttpContext context) {
        try {
            delegate.responseCompleted(context);
        } finally {
            call.finish(null);
        }
    }

    @Override
    public void failed(Exception ex) {
        try {
            delegate.failed(ex);
        } finally {
            call.finish(ex);
        }
    }

    @Override
    public boolean cancel() {
        boolean cancelled = delegate.cancel();
        if (cancelled) {
            call.finish(new CancellationException("the request was cancelled"));
        }
        return cancelled;
    }

    /** After a completion this changes nothing; before one, the consumer stopped early and says why, if it can. */
    @Override
    public void close() throws IOException {
        try {
            delegate.close();
        } finally {
            Exception reason = delegate.getException();
            call.finish(reason != null ? reason : new CancellationException("the response consumer closed before the response completed"));
        }
    }

    @Override
    public Exception getException() {
        return delegate.getException();
    }

    @Override
    public T getResult() {
        return delegate.getResult();
    }

    @Override
    public boolean isDone() {
        return delegate.isDone();
    }

    /** The client's decoder, unchanged, copying what each read put into the consumer's buffer. */
    private static class CopyingDecoder implements ContentDecoder {
        private final ContentDecoder delegate;
        final BufferCopy copy;

        CopyingDecoder(ContentDecoder delegate, BufferCopy copy) {
            this.delegate = delegate;
            this.copy = copy;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int start = dst.position();
            int read = delegate.read(dst);
            if (read > 0) {
                copy.copy(dst, start, read);
            }
            return read;
        }

        @Override
        public boolean isCompleted() {
            return delegate.isCompleted();
        }
    }

    /** A decoder that can also transfer to a file: what a transfer wrote is read back from the file into the copy. */
    private static final class CopyingFileDecoder extends CopyingDecoder implements FileContentDecoder {
        private final FileContentDecoder delegate;

        CopyingFileDecoder(FileContentDecoder delegate, BufferCopy copy) {
            super(delegate, copy);
            this.delegate = delegate;
        }

        @Override
        public long transfer(FileChannel dst, long position, long count) throws IOException {
            long transferred = delegate.transfer(dst, position, count);
            if (transferred > 0) {
                copy.copy(dst, position, transferred);
            }
            return transferred;
        }
    }
}
