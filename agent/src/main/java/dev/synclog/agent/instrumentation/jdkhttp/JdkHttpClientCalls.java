package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.synclog.agent.bridge.MatchedHeaders;
import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallRecord;

/**
 * Turns a matched send into a teed one: the request's body is copied before the send when its publisher replays
 * it (the JDK's in-memory ones), else the request is rebuilt with the same everything but a body publisher that
 * copies what the client sends; the handler copies what the app receives. The app's future is observed, never
 * replaced.
 */
public final class JdkHttpClientCalls {
    private final CallCapture capture;

    public JdkHttpClientCalls(CallCapture capture) {
        this.capture = capture;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object[] sending(Object requestObject, Object handlerObject) {
        HttpRequest request = (HttpRequest) requestObject;
        HttpHeaders headers = request.headers();
        CallRecord record = capture.start("java-http-client", request.method(), request.uri(),
                MatchedHeaders.read(capture.matchedHeaderNames(), headers, JdkHttpClientCalls::firstValue));
        if (record == null) {
            return null;
        }
        record.requestContentType = firstValue(headers, "Content-Type");
        record.requestContentEncoding = firstValue(headers, "Content-Encoding");
        JdkHttpCall call = new JdkHttpCall(record, capture);
        call.publisher = request.bodyPublisher().orElse(null);
        // Journaled now, before the client has the request: a kill -9 while it is in flight still accounts for its rows.
        // Such a body is the same bytes to every subscriber, so the copy is complete and the request needs no tee.
        HttpRequest sentRequest = request;
        if (call.publisher != null && UnsentBody.copyInto(call.publisher, call.request)) {
            call.requestSent();
        } else if (call.publisher != null) {
            sentRequest = HttpRequest.newBuilder(request, (name, value) -> true)
                    .method(request.method(), new TeeBodyPublisher(call.publisher, call)).build();
        }
        return new Object[] {sentRequest, new TeeBodyHandler((HttpResponse.BodyHandler) handlerObject, call), call};
    }

    /**
     * As {@code headers.firstValue(name).orElse(null)}, without the stream that builds (a pipeline and two optionals a
     * header, several headers a call, on the app's and the client's threads).
     */
    static String firstValue(HttpHeaders headers, String name) {
        List<String> values = headers.map().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public void sent(Object callObject, Object future, Throwable thrown) {
        JdkHttpCall call = (JdkHttpCall) callObject;
        if (thrown != null) {
            call.finish(thrown);
        } else if (future instanceof CompletableFuture) {
            ((CompletableFuture<?>) future).whenComplete((response, error) -> {
                if (error != null) {
                    call.finish(cause(error));
                }
            });
        }
    }

    private static Throwable cause(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
