package dev.synclog.agent.instrumentation.netty;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code HttpObjectEncoder.write(ctx, msg, promise)}, which every message written through an
 * HTTP/1.1 encoder passes (its fast paths included), before it encodes and releases the message.
 */
final class WriteAdvice {
    private WriteAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object encoder, @Advice.Argument(0) Object ctx, @Advice.Argument(1) Object msg) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.nettyWriting(encoder, ctx, msg);
        }
    }
}
