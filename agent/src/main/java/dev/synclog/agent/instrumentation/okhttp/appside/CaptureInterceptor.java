package dev.synclog.agent.instrumentation.okhttp.appside;

import java.io.IOException;
import java.io.OutputStream;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.MatchedHeaders;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Copies a matched call's request body as OkHttp writes it and its response body by peeking (the app's
 * stream is not consumed), for synchronous and asynchronous calls alike (both run the interceptor chain).
 * Whatever goes wrong in the agent's part, the app's call proceeds as it would have without it.
 */
final class CaptureInterceptor implements Interceptor {
    static final CaptureInterceptor INSTANCE = new CaptureInterceptor();
    private static final String CLIENT = "okhttp";

    private CaptureInterceptor() {
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        CapturedCall call = start(request);
        if (call == null) {
            return chain.proceed(request);
        }
        Request copying = withCopiedBody(request, call);
        Response response;
        try {
            response = chain.proceed(copying);
        } catch (IOException | RuntimeException | Error e) {
            if (copying.body() instanceof CopyingRequestBody) {
                ((CopyingRequestBody) copying.body()).copyIfUnsent();
            }
            call.finish(e);
            throw e;
        }
        copyResponse(response, call);
        return response;
    }

    private static CapturedCall start(Request request) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        try {
            String contentType = request.header("Content-Type");
            RequestBody body = request.body();
            MediaType bodyType = body == null ? null : body.contentType();
            if (contentType == null && bodyType != null) {
                contentType = bodyType.toString();
            }
            return sink.callStarting(CLIENT, request.method(), request.url().toString(), contentType,
                    request.header("Content-Encoding"), MatchedHeaders.read(sink.matchedHeaderNames(), request, Request::header));
        } catch (Throwable t) {
            return null;
        }
    }

    private static Request withCopiedBody(Request request, CapturedCall call) {
        RequestBody body = request.body();
        if (body == null) {
            return request;
        }
        try {
            return request.newBuilder().method(request.method(), new CopyingRequestBody(body, call)).build();
        } catch (Throwable t) {
            return request;
        }
    }

    /** Peeks at most one byte more than the cap, so a longer body is known to be cut; the app reads it whole. */
    private static void copyResponse(Response response, CapturedCall call) {
        Throwable error = null;
        try {
            OutputStream copy = call.responseCopy(response.code(), response.header("Content-Type"),
                    response.header("Content-Encoding"));
            if (response.body() != null) {
                copy.write(response.peekBody(call.bodyCap() + 1L).bytes());
            }
        } catch (Throwable t) {
            error = t;
        }
        call.finish(error);
    }
}
