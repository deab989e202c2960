package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)}. */
final class SendAsyncAdvice {
    private SendAsyncAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request,
                        @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler<?> handler) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        Object[] teed = sink.httpClientSending(request, handler);
        if (teed == null) {
            return null;
        }
        request = (HttpRequest) teed[0];
        handler = (HttpResponse.BodyHandler<?>) teed[1];
        return teed[2];
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object call, @Advice.Return Object future, @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (call != null && sink != null) {
            sink.httpClientSent(call, future, thrown);
        }
    }
}
