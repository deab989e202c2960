package dev.synclog.agent.instrumentation.apachehttp5.appside;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.synclog.agent.bridge.ReadAhead;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A response entity whose first bytes were read ahead when doExecute returned ({@link ReadAhead}): whatever reads
 * the body later (the app, or a response handler that the client runs) gets exactly the original's bytes.
 */
final class ReplayingEntity extends HttpEntityWrapper {
    private final InputStream content;

    ReplayingEntity(HttpEntity original, ReadAhead readAhead) {
        super(original);
        this.content = readAhead.content();
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
}
