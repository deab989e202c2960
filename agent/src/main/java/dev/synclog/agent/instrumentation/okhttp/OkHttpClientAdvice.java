package dev.synclog.agent.instrumentation.okhttp;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code OkHttpClient(OkHttpClient.Builder)}, before the client copies the builder's interceptors. */
final class OkHttpClientAdvice {
    private OkHttpClientAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) Object builder) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.okHttpClientBuilding(builder);
        }
    }
}
