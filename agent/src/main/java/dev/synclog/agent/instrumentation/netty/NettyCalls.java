package dev.synclog.agent.instrumentation.netty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;

import dev.synclog.agent.instrumentation.AppSideHelpers;

/**
 * Netty's HTTP/1.1 codec and HTTP/2's stream codec: hands the client side's messages (what {@code HttpRequestEncoder}
 * is given to write, what {@code HttpResponseDecoder} decoded; the same {@code HttpObject}s as
 * {@code Http2StreamFrameToHttpObjectCodec} turns them into frames of one stream and back) to the app-side helpers, one
 * set per Netty copy, which follow one call per channel (an HTTP/2 stream has a channel of its own). The hooked methods
 * also run for the server side's codec (a WebFlux app is a Netty server); HTTP/1.1's classes are told apart once per
 * class, so a server's message costs a {@code ClassValue} look-up. One HTTP/2 stream codec class serves both sides: a
 * server's stream writes responses and reads requests, which start no call, so its messages cost a channel attribute's
 * look-up too.
 */
public final class NettyCalls {
    private static final AppSideHelpers HELPERS = new AppSideHelpers(NettyInstrumentation.HOOKS_CLASS);

    private final ClassValue<MethodHandle> writing = clientSide(List.of(NettyInstrumentation.REQUEST_ENCODER_CLASS,
            NettyInstrumentation.H2_CODEC_CLASS, NettyInstrumentation.AWS_OUTBOUND_CLASS), "writing",
            MethodType.methodType(void.class, Object.class, Object.class));
    private final ClassValue<MethodHandle> frameRead = clientSide(List.of(NettyInstrumentation.AWS_INBOUND_CLASS),
            "frameRead", MethodType.methodType(void.class, Object.class, Object.class));
    private final ClassValue<MethodHandle> decoded = clientSide(List.of(NettyInstrumentation.RESPONSE_DECODER_CLASS,
            NettyInstrumentation.H2_CODEC_CLASS), "decoded",
            MethodType.methodType(void.class, Object.class, List.class, int.class, boolean.class));
    private final ClassValue<MethodHandle> streamClosed = clientSide(List.of(NettyInstrumentation.H2_STREAM_CHANNEL_CLASS),
            "streamClosed", MethodType.methodType(void.class, Object.class));

    /** The encoder was given {@code msg} to write: a request's head, a part of its body or its end. */
    public void writing(Object encoder, Object ctx, Object msg) throws Throwable {
        MethodHandle hook = writing.get(encoder.getClass());
        if (hook != null) {
            hook.invokeExact(ctx, msg);
        }
    }

    /** The decoder put {@code out[from..]} out for the next handlers; {@code inputClosed}: the connection's input ended. */
    public void decoded(Object decoder, Object ctx, List<?> out, int from, boolean inputClosed) throws Throwable {
        MethodHandle hook = decoded.get(decoder.getClass());
        if (hook != null) {
            hook.invokeExact(ctx, out, from, inputClosed);
        }
    }

    /** A client's own adapter is about to turn {@code frame}, read on an HTTP/2 stream's channel, into HTTP objects. */
    public void frameRead(Object adapter, Object ctx, Object frame) throws Throwable {
        MethodHandle hook = frameRead.get(adapter.getClass());
        if (hook != null) {
            hook.invokeExact(ctx, frame);
        }
    }

    /** An HTTP/2 stream's channel closed (the stream ended, was reset, or its connection was lost). */
    public void streamClosed(Object channel) throws Throwable {
        MethodHandle hook = streamClosed.get(channel.getClass());
        if (hook != null) {
            hook.invokeExact(channel);
        }
    }

    /**
     * The helpers' method for classes extending one of {@code clientBases}, else null. Every hook's helpers are defined
     * next to the same Netty class, so encoder, decoder and stream channels share one set per Netty copy, and with it
     * their calls.
     */
    private static ClassValue<MethodHandle> clientSide(List<String> clientBases, String method, MethodType type) {
        return new ClassValue<>() {
            @Override
            protected MethodHandle computeValue(Class<?> codec) {
                for (Class<?> c = codec; c != null; c = c.getSuperclass()) {
                    if (clientBases.contains(c.getName())) {
                        try {
                            Class<?> anchor = Class.forName(NettyInstrumentation.DECODER_CLASS, false, c.getClassLoader());
                            return HELPERS.method(anchor, method, type);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException("cannot load the helpers " + NettyInstrumentation.HOOKS_CLASS
                                    + " next to " + codec.getName(), e);
                        }
                    }
                }
                return null;
            }
        };
    }
}
