package dev.synclog.agent.instrumentation.netty;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code HttpObjectEncoder.write(ctx, msg, promise)}, which every message written through an
 * HTTP/1.1 encoder passes (its fast paths included), before it encodes and releases the message; and where an HTTP/2
 * stream's {@code HttpObject}s become frames: {@code Http2StreamFrameToHttpObjectCodec.encode(ctx, msg, out)} and the
 * AWS SDK's {@code HttpToHttp2OutboundAdapter.write(ctx, msg, promise)} (the same arguments first).
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
