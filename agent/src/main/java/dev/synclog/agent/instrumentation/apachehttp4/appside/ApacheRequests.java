package dev.synclog.agent.instrumentation.apachehttp4.appside;

import java.io.OutputStream;

import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.MatchedHeaders;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpMessage;
import org.apache.http.HttpRequest;

/**
 * A request of httpcore 4's types as the agent sees it, for the classic client's helpers and the async client's
 * (HttpAsyncClient 4, whose helpers are defined with this package: see {@code AppSideHelpers}).
 */
public final class ApacheRequests {
    private ApacheRequests() {
    }

    /** The request's entity, or null when it has none. */
    public static HttpEntity entity(HttpRequest request) {
        return request instanceof HttpEntityEnclosingRequest ? ((HttpEntityEnclosingRequest) request).getEntity() : null;
    }

    /** The call to copy the request's bodies into, or null when no endpoint matches it. */
    public static CapturedCall callStarting(CaptureSink sink, String client, HttpHost target, HttpRequest request,
                                            HttpEntity entity) {
        // The request line's URI is the request's own: absolute, or a path the target host completes.
        String uri = request.getRequestLine().getUri();
        if (target != null && uri.startsWith("/")) {
            uri = target.toURI() + uri;
        }
        return sink.callStarting(client, request.getRequestLine().getMethod(), uri,
                header(request, "Content-Type", entity == null ? null : entity.getContentType()),
                header(request, "Content-Encoding", entity == null ? null : entity.getContentEncoding()),
                MatchedHeaders.read(sink.matchedHeaderNames(), request, (message, name) -> header(message, name, null)));
    }

    /**
     * A repeatable entity (bytes, a string, a file) written once more, into the copy, before the client sends it: its
     * rows are journaled before any byte leaves.
     */
    public static void copyRepeatable(HttpEntity entity, CapturedCall call) {
        try (OutputStream copy = call.requestCopy(-1)) {
            entity.writeTo(copy);
        } catch (Throwable ignored) {
            // the copy is incomplete; the client still sends the entity itself
        }
    }

    /** The message's header, else the entity's (4.x entities carry their type and encoding as headers). */
    public static String header(HttpMessage message, String name, Header fallback) {
        Header header = message.getFirstHeader(name);
        if (header == null) {
            header = fallback;
        }
        return header != null ? header.getValue() : null;
    }
}
