package dev.synclog.agent.instrumentation.apachehttp4.appside;

import java.io.OutputStream;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.ReadAhead;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;

/**
 * What the agent calls in the app's class loader around Apache HttpClient 4's {@code CloseableHttpClient.doExecute}
 * (see {@code AppSideHelpers}); JDK types only in signatures. Nothing here throws into the app.
 */
public final class ApacheHooks {
    private static final String CLIENT = "apache-http-client-4";

    private ApacheHooks() {
    }

    /** Starts capturing a matched request: returns its state for {@link #executed}, or null. */
    public static Object executing(Object target, Object requestObject) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        try {
            HttpRequest request = (HttpRequest) requestObject;
            HttpEntity entity = ApacheRequests.entity(request);
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
     * A repeatable entity is copied at once ({@link ApacheRequests#copyRepeatable}). Any other is read once by the
     * client: it is swapped for a copying one until doExecute returns (the client wraps the request, taking its
     * entity, inside doExecute).
     */
    private static void copyRequestEntity(Execution execution) {
        HttpEntity entity = execution.requestEntity;
        if (entity.isRepeatable()) {
            ApacheRequests.copyRepeatable(entity, execution.call);
        } else {
            ((HttpEntityEnclosingRequest) execution.request).setEntity(new CopyingRequestEntity(entity, execution.call));
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
                ((HttpEntityEnclosingRequest) execution.request).setEntity(execution.requestEntity);
            }
            if (thrown == null && responseObject instanceof HttpResponse) {
                HttpResponse response = (HttpResponse) responseObject;
                HttpEntity entity = response.getEntity();
                OutputStream copy = call.responseCopy(response.getStatusLine().getStatusCode(),
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
        final HttpRequest request;
        final HttpEntity requestEntity;
        boolean swappedEntity;

        Execution(CapturedCall call, HttpRequest request, HttpEntity requestEntity) {
            this.call = call;
            this.request = request;
            this.requestEntity = requestEntity;
        }
    }
}
