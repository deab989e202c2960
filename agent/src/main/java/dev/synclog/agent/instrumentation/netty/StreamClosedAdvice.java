package dev.synclog.agent.instrumentation.netty;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code AbstractHttp2StreamChannel.streamClosed()}, which Netty's HTTP/2 multiplexer calls
 * when a stream closes: both sides ended, a reset (the peer's or ours), or the connection's end. It runs before the
 * stream's channel goes inactive, so a call cut off is journaled before the app's handlers hear of it.
 */
final class StreamClosedAdvice {
    private StreamClosedAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object channel) {
        CaptureSink sink = Capture.sink;
        if (sink != null) {
            sink.nettyStreamClosed(channel);
        }
    }
}
