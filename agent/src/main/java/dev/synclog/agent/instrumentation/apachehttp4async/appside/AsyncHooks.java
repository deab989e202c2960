package dev.synclog.agent.instrumentation.apachehttp4async.appside;

import java.util.function.BiConsumer;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.instrumentation.apachehttp4.appside.ApacheRequests;
import org.apache.http.HttpEntity;
import org.apache.http.HttpRequest;
import org.apache.http.nio.protocol.BasicAsyncRequestProducer;
import org.apache.http.nio.protocol.HttpAsyncRequestProducer;
import org.apache.http.nio.protocol.HttpAsyncResponseConsumer;

/**
 * What the agent calls in the app's class loader when Apache HttpAsyncClient 4's {@code execute(producer, consumer,
 * context, callback)} starts (see {@code AppSideHelpers}); JDK types only in signatures. Nothing here throws into the
 * app.
 */
public final class AsyncHooks {
    private static final String CLIENT = "apache-http-async-client-4";

    private AsyncHooks() {
    }

    /**
     * Starts capturing a matched request, on the calling thread: returns {@code {producer, consumer, outcome}} to
     * execute instead of the app's, or null; the outcome ends the call when {@code execute} throws (a client not
     * started). {@code target} is null: in 4.1 the producer names it. Only the library's own {@code
     * BasicAsyncRequestProducer} (what every overload taking a request and {@code HttpAsyncMethods.create} build) is
     * read here: its {@code generateRequest} hands back the request it holds, where another producer may build one
     * each time it is asked.
     */
    public static Object[] executing(Object target, Object producerObject, Object consumerObject) {
        CaptureSink sink = Capture.sink;
        if (sink == null || !(producerObject instanceof BasicAsyncRequestProducer) || consumerObject == null) {
            return null;
        }
        CapturedCall call = null;
        try {
            HttpAsyncRequestProducer producer = (HttpAsyncRequestProducer) producerObject;
            HttpRequest request = producer.generateRequest();
            HttpEntity entity = ApacheRequests.entity(request);
            call = ApacheRequests.callStarting(sink, CLIENT, producer.getTarget(), request, entity);
            if (call == null) {
                return null;
            }
            if (entity != null && entity.isRepeatable()) {
                ApacheRequests.copyRepeatable(entity, call);
            } else if (entity != null) {
                producer = new CopyingRequestProducer(producer, call, entity.getContentLength());
            }
            CapturedCall captured = call;
            BiConsumer<Object, Throwable> outcome = (future, thrown) -> {
                if (thrown != null) {
                    captured.finish(thrown);
                }
            };
            return new Object[] {producer, new CopyingResponseConsumer<>((HttpAsyncResponseConsumer<?>) consumerObject, call), outcome};
        } catch (Throwable t) {
            if (call != null) {
                // the app's call goes on uncaptured; the record says why
                call.finish(t);
            }
            return null;
        }
    }
}
