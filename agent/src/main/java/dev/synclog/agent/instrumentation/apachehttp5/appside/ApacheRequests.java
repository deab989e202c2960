package dev.synclog.agent.instrumentation.apachehttp5.appside;

import java.net.URI;

import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.MatchedHeaders;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.HttpRequest;

/**
 * A request of httpcore 5's types as the agent sees it, for the classic client's helpers and the async client's
 * (whose helpers are defined with this package: see {@code AppSideHelpers}).
 */
public final class ApacheRequests {
    private ApacheRequests() {
    }

    /**
     * The call to copy the request's bodies into, or null when no endpoint matches it. {@code entity}: the body's
     * details (a classic entity, or what an async producer declares), or null.
     */
    public static CapturedCall callStarting(CaptureSink sink, String client, HttpHost target, HttpRequest request,
                                            EntityDetails entity) throws Exception {
        URI uri = request.getUri();
        if (!uri.isAbsolute() && target != null) {
            uri = URI.create(target.toURI() + request.getRequestUri());
        }
        return sink.callStarting(client, request.getMethod(), uri.toString(),
                header(request, "Content-Type", entity == null ? null : entity.getContentType()),
                header(request, "Content-Encoding", entity == null ? null : entity.getContentEncoding()),
                MatchedHeaders.read(sink.matchedHeaderNames(), request, (message, name) -> header(message, name, null)));
    }

    /** The message's header, else {@code fallback}. */
    public static String header(HttpMessage message, String name, String fallback) {
        Header header = message.getFirstHeader(name);
        return header != null ? header.getValue() : fallback;
    }
}
