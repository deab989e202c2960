package dev.synclog.agent.instrumentation.apachehttp5.appside;

import java.io.IOException;
import java.io.OutputStream;

import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.CopyingOutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/** A non-repeatable request entity, unchanged, copying the bytes as the client writes them. */
final class CopyingRequestEntity extends HttpEntityWrapper {
    private final CapturedCall call;

    CopyingRequestEntity(HttpEntity entity, CapturedCall call) {
        super(entity);
        this.call = call;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        super.writeTo(new CopyingOutputStream(out, call.requestCopy()));
    }
}
