package dev.synclog.agent.instrumentation.urlconnection;

import java.io.OutputStream;
import java.net.HttpURLConnection;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

final class GetOutputStreamAdvice {
    private GetOutputStreamAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This HttpURLConnection connection) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.urlConnectionOpening(connection);
        }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This HttpURLConnection connection,
                     @Advice.Return(readOnly = false) OutputStream out,
                     @Advice.Thrown Throwable thrown,
                     @Advice.FieldValue("responseCode") int responseCode,
                     @Advice.FieldValue("fixedContentLength") int fixedLength,
                     @Advice.FieldValue("fixedContentLengthLong") long fixedLengthLong) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return;
        }
        if (thrown != null) {
            sink.urlConnectionFailed(connection, thrown, responseCode);
        } else {
            out = sink.urlConnectionOutput(connection, out, fixedLengthLong != -1 ? fixedLengthLong : fixedLength);
        }
    }
}
