package dev.synclog.agent.instrumentation.apachehttp4.appside;

import java.io.IOException;
import java.io.OutputStream;

import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.CopyingOutputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * A non-repeatable request entity, unchanged, copying the bytes as the client writes them. The copy journals the
 * rows when it holds the entity's declared length, or when the entity is written: the client ends a chunked body
 * only after this returns.
 */
final class CopyingRequestEntity extends HttpEntityWrapper {
    private final CapturedCall call;

    CopyingRequestEntity(HttpEntity entity, CapturedCall call) {
        super(entity);
        this.call = call;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        OutputStream copy = call.requestCopy(getContentLength());
        super.writeTo(new CopyingOutputStream(out, copy));
        copy.close();
    }
}
