package dev.synclog.agent.instrumentation.netty;

import java.util.List;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpObjectDecoder.decode(ctx, in, out)} and {@code Http2StreamFrameToHttpObjectCodec.decode(ctx,
 * frame, out)}: what it added to {@code out} is seen before the decoder passes it on, so a response's end is journaled
 * before the app's handlers have it. And into {@code decodeLast}, which runs when the connection's input ends (closed,
 * or shut down): the end of a response delimited by the close, or a call cut off.
 */
final class DecodeAdvice {
    private DecodeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.Argument(2) List<?> out) {
        return out.size();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object decoder, @Advice.Origin("#m") String method, @Advice.Argument(0) Object ctx,
                     @Advice.Argument(2) List<?> out, @Advice.Enter int from) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.nettyDecoded(decoder, ctx, out, from, "decodeLast".equals(method));
        }
    }
}
