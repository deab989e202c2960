package dev.synclog.agent.instrumentation.urlconnection;

import java.io.InputStream;
import java.net.HttpURLConnection;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

final class GetInputStreamAdvice {
    private GetInputStreamAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This HttpURLConnection connection) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.urlConnectionReading(connection);
        }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This HttpURLConnection connection,
                     @Advice.Return(readOnly = false) InputStream in,
                     @Advice.Thrown Throwable thrown,
                     @Advice.FieldValue("responseCode") int responseCode) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return;
        }
        if (thrown != null) {
            sink.urlConnectionFailed(connection, thrown, responseCode);
        } else {
            in = sink.urlConnectionInput(connection, in, responseCode);
        }
    }
}
