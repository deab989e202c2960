package dev.synclog.agent.instrumentation.apachehttp4.appside;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.synclog.agent.bridge.ReadAhead;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * A response entity whose first bytes were read ahead when doExecute returned ({@link ReadAhead}): whatever reads
 * the body later (the app, a response handler, {@code EntityUtils.consume}) gets exactly the original's bytes.
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
}
