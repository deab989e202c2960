package dev.synclog.agent.instrumentation.apachehttp5async.appside;

import dev.synclog.agent.bridge.Capture;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;

/**
 * What the agent calls in the app's class loader at the start of the async {@code doExecute} (see
 * {@code AppSideHelpers}); JDK types only in signatures. Nothing here throws into the app.
 */
public final class AsyncHooks {
    private AsyncHooks() {
    }

    /**
     * Returns {@code {requestProducer, responseConsumer, exchange}}: copying wrappers of the app's and the exchange
     * they share, or null. The request is known only when the producer sends it, so every call gets the wrappers;
     * for a request no endpoint matches they only pass each call on.
     */
    public static Object[] executing(Object target, Object requestProducer, Object responseConsumer) {
        if (Capture.sink == null || requestProducer == null || responseConsumer == null) {
            return null;
        }
        try {
            Exchange exchange = new Exchange((HttpHost) target);
            return new Object[] {new CopyingRequestProducer((AsyncRequestProducer) requestProducer, exchange),
                    new CopyingResponseConsumer<>((AsyncResponseConsumer<?>) responseConsumer, exchange), exchange};
        } catch (Throwable t) {
            return null;
        }
    }
}
