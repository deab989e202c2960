package dev.synclog.agent.instrumentation.apachehttp5.appside;

import java.io.OutputStream;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.ReadAhead;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;

/**
 * What the agent calls in the app's class loader around {@code CloseableHttpClient.doExecute} (see
 * {@code AppSideHelpers}); JDK types only in signatures. Nothing here throws into the app.
 */
public final class ApacheHooks {
    private static final String CLIENT = "apache-http-client-5";

    private ApacheHooks() {
    }

    /** Starts capturing a matched request: returns its state for {@link #executed}, or null. */
    public static Object executing(Object target, Object requestObject) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        try {
            ClassicHttpRequest request = (ClassicHttpRequest) requestObject;
            HttpEntity entity = request.getEntity();
            CapturedCall call = ApacheRequests.callStarting(sink, CLIENT, (HttpHost) target, request, entity);
            if (call == null) {
                return null;
            }
            Execution execution = new Execution(call, request, entity);
            if (entity != null) {
                copyRequestEntity(execution);
            }
            return execution;
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * A repeatable entity (bytes, a string, a file) can be written once more, into the copy, before the client
     * sends it: its rows are journaled before any byte leaves. Any other is read once by the client: it is swapped
     * for a copying one until doExecute returns.
     */
    private static void copyRequestEntity(Execution execution) {
        HttpEntity entity = execution.requestEntity;
        if (entity.isRepeatable()) {
            try (OutputStream copy = execution.call.requestCopy(-1)) {
                entity.writeTo(copy);
            } catch (Throwable ignored) {
                // the copy is incomplete; the client still sends the entity itself
            }
        } else {
            execution.request.setEntity(new CopyingRequestEntity(entity, execution.call));
            execution.swappedEntity = true;
        }
    }

    /** Completes the call: the app's request gets its own entity back; the response's body is read ahead up to the cap. */
    public static void executed(Object state, Object responseObject, Throwable thrown) {
        Execution execution = (Execution) state;
        CapturedCall call = execution.call;
        Throwable error = thrown;
        try {
            if (execution.swappedEntity) {
                execution.request.setEntity(execution.requestEntity);
            }
            if (thrown == null && responseObject instanceof ClassicHttpResponse) {
                ClassicHttpResponse response = (ClassicHttpResponse) responseObject;
                HttpEntity entity = response.getEntity();
                OutputStream copy = call.responseCopy(response.getCode(),
                        ApacheRequests.header(response, "Content-Type", entity == null ? null : entity.getContentType()),
                        ApacheRequests.header(response, "Content-Encoding", entity == null ? null : entity.getContentEncoding()));
                if (entity != null) {
                    ReadAhead readAhead = ReadAhead.of(entity.getContent(), call.bodyCap() + 1, copy);
                    response.setEntity(new ReplayingEntity(entity, readAhead));
                    error = readAhead.failure();
                }
            }
        } catch (Throwable t) {
            error = t;
        }
        call.finish(error);
    }

    /** One doExecute in flight. */
    private static final class Execution {
        final CapturedCall call;
        final ClassicHttpRequest request;
        final HttpEntity requestEntity;
        boolean swappedEntity;

        Execution(CapturedCall call, ClassicHttpRequest request, HttpEntity requestEntity) {
            this.call = call;
            this.request = request;
            this.requestEntity = requestEntity;
        }
    }
}
