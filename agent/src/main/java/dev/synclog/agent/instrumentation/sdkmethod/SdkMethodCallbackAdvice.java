package dev.synclog.agent.instrumentation.sdkmethod;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a configured SDK method that reports its result to a callback argument: as {@link SdkMethodAdvice}, and
 * the method gets the agent's wrapper in place of that argument when the call is recorded. Kept apart so that methods
 * without a callback keep their arguments untouched.
 */
final class SdkMethodCallbackAdvice {
    private SdkMethodCallbackAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@EndpointIndex int endpoint, @CallbackType Class<?> callbackType,
                        @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] arguments) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        Object[] replaced = arguments;
        Object token = sink.sdkMethodEnteredWithCallback(endpoint, callbackType, replaced);
        if (token != null) {
            arguments = replaced; // writes the wrapper back into the callback parameter
        }
        return token;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (sink != null && token != null) {
            sink.sdkMethodExited(token, null, thrown);
        }
    }
}
