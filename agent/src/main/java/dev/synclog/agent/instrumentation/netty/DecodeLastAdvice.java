package dev.synclog.agent.instrumentation.netty;

import java.util.List;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpObjectDecoder.decodeLast(ctx, in, out)}, which runs when the connection's input ends
 * (closed, or shut down): the end of a response delimited by the close, or a call cut off.
 */
final class DecodeLastAdvice {
    private DecodeLastAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static int enter(@Advice.Argument(2) List<?> out) {
        return out.size();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object decoder, @Advice.Argument(0) Object ctx, @Advice.Argument(2) List<?> out,
                     @Advice.Enter int from) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.nettyDecoded(decoder, ctx, out, from, true);
        }
    }
}
