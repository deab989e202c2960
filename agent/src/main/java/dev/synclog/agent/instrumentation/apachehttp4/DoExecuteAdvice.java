package dev.synclog.agent.instrumentation.apachehttp4;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code doExecute(target, request, context)} of Apache HttpClient 4's clients. */
final class DoExecuteAdvice {
    private DoExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target, @Advice.Argument(1) Object request) {
        CaptureSink sink = Capture.sink;
        return sink == null ? null : sink.apacheExecuting(4, client, target, request);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object state, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (state != null && sink != null) {
            sink.apacheExecuted(state, response, thrown);
        }
    }
}
