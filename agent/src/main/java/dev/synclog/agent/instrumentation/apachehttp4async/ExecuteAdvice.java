package dev.synclog.agent.instrumentation.apachehttp4async;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code execute(producer, consumer, context, callback)} of Apache HttpAsyncClient 4's clients: on the
 * calling thread (so the call belongs to its run), the producer and consumer become copying ones.
 */
final class ExecuteAdvice {
    private ExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object client,
                        @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
                        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object consumer) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        Object[] copying = sink.apacheAsyncExecuting(4, client, null, producer, consumer);
        if (copying == null) {
            return null;
        }
        producer = copying[0];
        consumer = copying[1];
        return copying[2];
    }

    /** A client that is not running throws before it uses the producer or consumer: the call ends with that. */
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object outcome, @Advice.Return Object future, @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (outcome != null && sink != null) {
            sink.apacheAsyncExecuted(outcome, future, thrown);
        }
    }
}
