package dev.synclog.agent.instrumentation.urlconnection;

import java.net.HttpURLConnection;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

final class DisconnectAdvice {
    private DisconnectAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This HttpURLConnection connection) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.urlConnectionDisconnected(connection);
        }
    }
}
