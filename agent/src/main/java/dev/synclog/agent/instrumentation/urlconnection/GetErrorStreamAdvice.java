package dev.synclog.agent.instrumentation.urlconnection;

import java.io.InputStream;
import java.net.HttpURLConnection;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

final class GetErrorStreamAdvice {
    private GetErrorStreamAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This HttpURLConnection connection,
                     @Advice.Return(readOnly = false) InputStream in,
                     @Advice.FieldValue("responseCode") int responseCode) {
        CaptureSink sink = Capture.sink;
        if (sink != null && in != null) {
            in = sink.urlConnectionInput(connection, in, responseCode);
        }
    }
}
