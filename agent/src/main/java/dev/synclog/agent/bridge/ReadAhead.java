package dev.synclog.agent.bridge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;

/**
 * A response body whose first bytes (up to a limit) were read when the client returned the response, so the call
 * is complete at once, whatever reads the body later: {@link #content()} gives exactly the original's bytes, the
 * read-ahead ones first, then the rest of the original stream; a read that failed while reading ahead fails at the
 * same point for the app. Shared by the Apache HttpClient 4 and 5 helpers, whose entity types differ.
 */
public final class ReadAhead {
    private final InputStream content;
    private final IOException failure;

    private ReadAhead(InputStream content, IOException failure) {
        this.content = content;
        this.failure = failure;
    }

    /** Reads up to {@code limit} bytes of {@code in} (null for a body without content) and writes them to the copy. */
    public static ReadAhead of(InputStream in, int limit, OutputStream copy) throws IOException {
        if (in == null) {
            return new ReadAhead(null, null);
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
        return new ReadAhead(new SequenceInputStream(new ByteArrayInputStream(bytes), rest), failure);
    }

    /** The whole body as the app would have read it; null when the original had no content. */
    public InputStream content() {
        return content;
    }

    /** What failed while reading ahead, or null. */
    public IOException failure() {
        return failure;
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
