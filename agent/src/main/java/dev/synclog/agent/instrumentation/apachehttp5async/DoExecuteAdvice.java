package dev.synclog.agent.instrumentation.apachehttp5async;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code doExecute(target, requestProducer, responseConsumer, pushHandlerFactory, context, callback)}
 * of Apache HttpClient 5's async clients: the client runs with copying wrappers of the producer and the consumer.
 */
final class DoExecuteAdvice {
    private DoExecuteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target,
                        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
                        @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object consumer) {
        CaptureSink sink = Capture.sink;
        Object[] wrapped = sink == null ? null : sink.apacheAsyncExecuting(5, client, target, producer, consumer);
        if (wrapped == null) {
            return null;
        }
        producer = wrapped[0];
        consumer = wrapped[1];
        return wrapped[2];
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object state, @Advice.Return Object future, @Advice.Thrown Throwable thrown) {
        CaptureSink sink = Capture.sink;
        if (state != null && sink != null) {
            sink.apacheAsyncExecuted(state, future, thrown);
        }
    }
}
