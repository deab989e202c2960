package dev.synclog.agent.instrumentation.netty;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of the AWS SDK's {@code Http2ToHttpInboundAdapter.channelRead0(ctx, frame)}, which turns each
 * frame a stream's channel reads into HTTP objects and passes them on: the frame is seen before the SDK's handlers
 * have what it makes, so a response's end is journaled first.
 */
final class FrameReadAdvice {
    private FrameReadAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object adapter, @Advice.Argument(0) Object ctx, @Advice.Argument(1) Object frame) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.nettyFrameRead(adapter, ctx, frame);
        }
    }
}
