package dev.synclog.agent.instrumentation.netty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;

import dev.synclog.agent.instrumentation.AppSideHelpers;

/**
 * Netty's HTTP/1.1 codec: hands the client side's messages (what {@code HttpRequestEncoder} is given to write, what
 * {@code HttpResponseDecoder} decoded) to the app-side helpers, one set per Netty copy, which follow one call per
 * channel. The hooked methods also run for the server side's codec (a WebFlux app is a Netty server); its classes are
 * told apart once per class, so a server's message costs a {@code ClassValue} look-up.
 */
public final class NettyCalls {
    private static final String CODEC = "io.netty.handler.codec.http.";
    private static final AppSideHelpers HELPERS = new AppSideHelpers(NettyInstrumentation.HOOKS_CLASS);

    private final ClassValue<MethodHandle> writing =
            clientSide(CODEC + "HttpRequestEncoder", "writing", MethodType.methodType(void.class, Object.class, Object.class));
    private final ClassValue<MethodHandle> decoded = clientSide(CODEC + "HttpResponseDecoder", "decoded",
            MethodType.methodType(void.class, Object.class, List.class, int.class, boolean.class));

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

    /**
     * The helpers' method for codec classes extending {@code clientBase}, else null. Both sides' helpers are defined
     * next to the same Netty class, so encoder and decoder share one set per Netty copy, and with it their calls.
     */
    private static ClassValue<MethodHandle> clientSide(String clientBase, String method, MethodType type) {
        return new ClassValue<>() {
            @Override
            protected MethodHandle computeValue(Class<?> codec) {
                for (Class<?> c = codec; c != null; c = c.getSuperclass()) {
                    if (c.getName().equals(clientBase)) {
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
