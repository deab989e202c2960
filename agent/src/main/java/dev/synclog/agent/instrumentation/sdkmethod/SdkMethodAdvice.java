package dev.synclog.agent.instrumentation.sdkmethod;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into a configured SDK method: hands its arguments, then its return value or exception, to the agent. */
final class SdkMethodAdvice {
    private SdkMethodAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@EndpointIndex int endpoint, @Advice.AllArguments Object[] arguments) {
        CaptureSink sink = Capture.sink;
        return sink == null ? null : sink.sdkMethodEntered(endpoint, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (sink != null && token != null) {
            sink.sdkMethodExited(token, returned, thrown);
        }
    }
}
