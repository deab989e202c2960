package dev.synclog.agent.instrumentation.runmethod;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

final class RunMethodAdvice {
    private RunMethodAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin("#t#m") String method) {
        CaptureSink sink = Capture.sink;
        return sink == null ? null : sink.runEntered(method);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (sink != null && token != null) {
            sink.runExited(token, thrown);
        }
    }
}
