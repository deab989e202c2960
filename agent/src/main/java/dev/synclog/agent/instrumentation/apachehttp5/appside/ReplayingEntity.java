package dev.synclog.agent.instrumentation.apachehttp5.appside;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;

import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A response entity whose first bytes (up to the cap, and one more) were read when doExecute returned, so the
 * call is complete at once, whatever reads the body later (the app, or a response handler that the client
 * runs): it gives exactly the original's bytes, the read-ahead ones first, then the rest of the original
 * stream; a read that failed while reading ahead fails at the same point for the app.
 */
final class ReplayingEntity extends HttpEntityWrapper {
    private final InputStream content;
    private final IOException failure;

    private ReplayingEntity(HttpEntity original, InputStream content, IOException failure) {
        super(original);
        this.content = content;
        this.failure = failure;
    }

    static ReplayingEntity readAhead(HttpEntity entity, int limit, OutputStream copy) throws IOException {
        InputStream in = entity.getContent();
        if (in == null) {
            return new ReplayingEntity(entity, null, null);
        }
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        IOException failure = null;
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (prefix.size() < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - prefix.size()))) >= 0) {
                prefix.write(buffer, 0, n);
            }
        } catch (IOException e) {
            failure = e;
        }
        byte[] bytes = prefix.toByteArray();
        copy.write(bytes);
        InputStream rest = failure == null ? in : new FailingStream(failure);
        return new ReplayingEntity(entity, new SequenceInputStream(new ByteArrayInputStream(bytes), rest), failure);
    }

    IOException failure() {
        return failure;
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public InputStream getContent() throws IOException {
        return content;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (content == null) {
            super.writeTo(out);
            return;
        }
        try (InputStream in = content) {
            in.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (content != null) {
                content.close();
            }
        } finally {
            super.close();
        }
    }

    /** The rest of a stream that failed while it was read ahead: the same failure, where the app reaches it. */
    private static final class FailingStream extends InputStream {
        private final IOException failure;

        FailingStream(IOException failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            throw failure;
        }
    }
}
