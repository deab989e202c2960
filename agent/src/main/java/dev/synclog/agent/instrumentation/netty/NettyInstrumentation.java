package dev.synclog.agent.instrumentation.netty;

import static dev.synclog.agent.instrumentation.LibraryCheck.declaredMethod;
import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import dev.synclog.agent.instrumentation.LibraryCheck;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Netty 4.1 and 4.2's HTTP/1.1 codec, under Reactor Netty (Spring's {@code WebClient}), the AWS SDK's async
 * {@code NettyNioAsyncHttpClient}, AsyncHttpClient and Vert.x: the encoder's {@code write}, which sees every
 * outbound message before it is encoded, and the decoder's {@code decode} and {@code decodeLast}, which see every
 * inbound message before the next handlers. Only the client side's codec classes reach the helpers
 * ({@link NettyCalls}). The check lists what the helpers use, and requires the hooked methods to be declared by the
 * hooked classes: {@code HttpObjectEncoder} declares {@code write} since Netty 4.1.80; up to 4.1.79 it inherits it
 * from {@code MessageToMessageEncoder}, would match nothing, and is refused in one line instead.
 */
public final class NettyInstrumentation implements ClientInstrumentation {
    static final String HOOKS_CLASS = "dev.synclog.agent.instrumentation.netty.appside.NettyHooks";
    private static final String CODEC = "io.netty.handler.codec.http.";
    static final String ENCODER_CLASS = CODEC + "HttpObjectEncoder";
    static final String DECODER_CLASS = CODEC + "HttpObjectDecoder";
    private static final String CONTEXT = "io.netty.channel.ChannelHandlerContext";
    private static final String BUF = "io.netty.buffer.ByteBuf";

    private static final LibraryCheck CHECK = new LibraryCheck("netty", ENCODER_CLASS, "Netty 4.1.80 or newer",
            declaredMethod(ENCODER_CLASS, "write", CONTEXT, "java.lang.Object", "io.netty.channel.ChannelPromise"),
            declaredMethod(DECODER_CLASS, "decode", CONTEXT, BUF, "java.util.List"),
            declaredMethod(DECODER_CLASS, "decodeLast", CONTEXT, BUF, "java.util.List"),
            type(CODEC + "HttpRequestEncoder"),
            type(CODEC + "HttpResponseDecoder"),
            type(CODEC + "LastHttpContent"),
            method(CODEC + "HttpRequest", "method"),
            method(CODEC + "HttpMethod", "name"),
            method(CODEC + "HttpRequest", "uri"),
            method(CODEC + "HttpMessage", "headers"),
            method(CODEC + "HttpHeaders", "get", "java.lang.String"),
            method(CODEC + "HttpResponse", "status"),
            method(CODEC + "HttpResponseStatus", "code"),
            method(CODEC + "HttpContent", "content"),
            method("io.netty.handler.codec.DecoderResultProvider", "decoderResult"),
            method("io.netty.handler.codec.DecoderResult", "cause"),
            method(BUF, "getBytes", "int", "java.io.OutputStream", "int"),
            method(BUF, "readerIndex"),
            method(BUF, "readableBytes"),
            method(CONTEXT, "channel"),
            method(CONTEXT, "pipeline"),
            method("io.netty.channel.ChannelPipeline", "get", "java.lang.Class"),
            method("io.netty.channel.Channel", "remoteAddress"),
            method("io.netty.util.AttributeMap", "attr", "io.netty.util.AttributeKey"),
            method("io.netty.util.AttributeKey", "valueOf", "java.lang.String"),
            method("io.netty.util.Attribute", "get"),
            method("io.netty.util.Attribute", "set", "java.lang.Object"),
            method("io.netty.util.Attribute", "getAndSet", "java.lang.Object"),
            method("io.netty.util.Attribute", "compareAndSet", "java.lang.Object", "java.lang.Object"),
            type("io.netty.handler.ssl.SslHandler"),
            type("io.netty.handler.codec.PrematureChannelClosureException"));

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public List<String> typeNames() {
        return List.of(ENCODER_CLASS, DECODER_CLASS);
    }

    @Override
    public List<String> jarNamePrefixes() {
        return List.of("netty-codec-http-");
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper write = Advice.to(WriteAdvice.class).on(named("write").and(takesArguments(3)));
        AsmVisitorWrapper decode = Advice.to(DecodeAdvice.class)
                .on(named("decode").or(named("decodeLast")).and(takesArguments(3)).and(takesArgument(1, named(BUF))));
        return builder.type(CHECK.where(named(ENCODER_CLASS))).transform((b, type, loader, module, domain) -> b.visit(write))
                .type(CHECK.where(named(DECODER_CLASS)))
                .transform((b, type, loader, module, domain) -> b.visit(decode));
    }
}
