package dev.synclog.agent.instrumentation.netty;

import static dev.synclog.agent.instrumentation.LibraryCheck.declaredMethod;
import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
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
 *
 * <p>HTTP/2 where a stream's channel carries {@code Http2StreamFrameToHttpObjectCodec} (Reactor Netty's H2): the
 * codec's {@code encode} sees each {@code HttpObject} before it becomes frames, its {@code decode} puts out the
 * {@code HttpObject}s a stream's frames make, so the same advice and helpers follow one call per stream channel; the
 * stream channel's {@code streamClosed} ends a call cut off by a reset or a lost connection. In cleartext, a request
 * that upgrades its connection (HTTP/1.1's codec sees the request and a 101 to h2c) is answered on stream 1, whose
 * channel takes the call over. The AWS SDK's
 * {@code NettyNioAsyncHttpClient} puts adapters of its own on each stream instead: its outbound adapter's {@code write}
 * is given the same {@code HttpObject}s as the HTTP/1.1 encoder, and its inbound adapter's {@code channelRead0} is
 * given each frame before it makes HTTP objects of it.
 */
public final class NettyInstrumentation implements ClientInstrumentation {
    static final String HOOKS_CLASS = "dev.synclog.agent.instrumentation.netty.appside.NettyHooks";
    private static final String CODEC = "io.netty.handler.codec.http.";
    static final String ENCODER_CLASS = CODEC + "HttpObjectEncoder";
    static final String DECODER_CLASS = CODEC + "HttpObjectDecoder";
    /** The client side's subclasses of the encoder and decoder: the only ones whose messages start and end calls. */
    static final String REQUEST_ENCODER_CLASS = CODEC + "HttpRequestEncoder";
    static final String RESPONSE_DECODER_CLASS = CODEC + "HttpResponseDecoder";
    private static final String CONTEXT = "io.netty.channel.ChannelHandlerContext";
    private static final String BUF = "io.netty.buffer.ByteBuf";

    private static final String HTTP2 = "io.netty.handler.codec.http2.";
    static final String H2_CODEC_CLASS = HTTP2 + "Http2StreamFrameToHttpObjectCodec";
    static final String H2_STREAM_CHANNEL_CLASS = HTTP2 + "AbstractHttp2StreamChannel";
    private static final String AWS_HTTP2 = "software.amazon.awssdk.http.nio.netty.internal.http2.";
    static final String AWS_OUTBOUND_CLASS = AWS_HTTP2 + "HttpToHttp2OutboundAdapter";
    static final String AWS_INBOUND_CLASS = AWS_HTTP2 + "Http2ToHttpInboundAdapter";
    private static final String HTTP_OBJECT = CODEC + "HttpObject";
    private static final String STREAM_FRAME = HTTP2 + "Http2StreamFrame";

    /** What the helpers use, whichever codec reaches them. */
    private static final List<LibraryCheck.Requirement> HELPERS_USE = List.of(
            type(REQUEST_ENCODER_CLASS),
            type(RESPONSE_DECODER_CLASS),
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
            method("io.netty.channel.Channel", "parent"),
            method("io.netty.channel.Channel", "pipeline"),
            type("io.netty.handler.ssl.SslHandler"),
            type("io.netty.handler.codec.PrematureChannelClosureException"));

    private static final String SUPPORTED = "Netty 4.1.80 or newer";

    private static final LibraryCheck CHECK = new LibraryCheck("netty", ENCODER_CLASS, SUPPORTED, with(HELPERS_USE,
            declaredMethod(ENCODER_CLASS, "write", CONTEXT, "java.lang.Object", "io.netty.channel.ChannelPromise"),
            declaredMethod(DECODER_CLASS, "decode", CONTEXT, BUF, "java.util.List"),
            declaredMethod(DECODER_CLASS, "decodeLast", CONTEXT, BUF, "java.util.List")));

    private static final LibraryCheck H2_CHECK = new LibraryCheck("netty", H2_CODEC_CLASS, SUPPORTED, with(HELPERS_USE,
            declaredMethod(H2_CODEC_CLASS, "encode", CONTEXT, HTTP_OBJECT, "java.util.List"),
            declaredMethod(H2_CODEC_CLASS, "decode", CONTEXT, STREAM_FRAME, "java.util.List"),
            declaredMethod(H2_STREAM_CHANNEL_CLASS, "streamClosed"),
            method(HTTP2 + "Http2StreamChannel", "stream"),
            method(HTTP2 + "Http2FrameStream", "id")));

    private static final LibraryCheck AWS_CHECK = new LibraryCheck("netty", AWS_OUTBOUND_CLASS,
            "the AWS SDK's netty-nio-client 2.x (2.57.8 tested)", with(HELPERS_USE,
            declaredMethod(AWS_OUTBOUND_CLASS, "write", CONTEXT, "java.lang.Object", "io.netty.channel.ChannelPromise"),
            declaredMethod(AWS_INBOUND_CLASS, "channelRead0", CONTEXT, HTTP2 + "Http2Frame"),
            declaredMethod(H2_STREAM_CHANNEL_CLASS, "streamClosed"),
            method(HTTP2 + "Http2HeadersFrame", "headers"),
            method(HTTP2 + "Http2HeadersFrame", "isEndStream"),
            method(HTTP2 + "Http2Headers", "status"),
            method("io.netty.handler.codec.Headers", "get", "java.lang.Object"),
            method(HTTP2 + "Http2DataFrame", "content"),
            method(HTTP2 + "Http2DataFrame", "isEndStream")));

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public List<String> typeNames() {
        return List.of(ENCODER_CLASS, DECODER_CLASS, H2_CODEC_CLASS, H2_STREAM_CHANNEL_CLASS, AWS_OUTBOUND_CLASS, AWS_INBOUND_CLASS);
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
        // The codec's encode and decode taking Object are the compiler's bridges to these: hooked once, here.
        AsmVisitorWrapper h2Codec = new AsmVisitorWrapper.Compound(
                Advice.to(WriteAdvice.class).on(named("encode").and(takesArguments(3)).and(takesArgument(1, named(HTTP_OBJECT)))),
                Advice.to(DecodeAdvice.class).on(named("decode").and(takesArguments(3)).and(takesArgument(1, named(STREAM_FRAME)))));
        AsmVisitorWrapper streamClosed = Advice.to(StreamClosedAdvice.class).on(named("streamClosed").and(takesArguments(0)));
        AsmVisitorWrapper frameRead = Advice.to(FrameReadAdvice.class)
                .on(named("channelRead0").and(takesArguments(2)).and(takesArgument(1, named(HTTP2 + "Http2Frame"))));
        return builder.type(CHECK.where(named(ENCODER_CLASS))).transform((b, type, loader, module, domain) -> b.visit(write))
                .type(CHECK.where(named(DECODER_CLASS)))
                .transform((b, type, loader, module, domain) -> b.visit(decode))
                .type(H2_CHECK.where(named(H2_CODEC_CLASS)))
                .transform((b, type, loader, module, domain) -> b.visit(h2Codec))
                .type(H2_CHECK.where(named(H2_STREAM_CHANNEL_CLASS)))
                .transform((b, type, loader, module, domain) -> b.visit(streamClosed))
                .type(AWS_CHECK.where(named(AWS_OUTBOUND_CLASS)))
                .transform((b, type, loader, module, domain) -> b.visit(write))
                .type(AWS_CHECK.where(named(AWS_INBOUND_CLASS)))
                .transform((b, type, loader, module, domain) -> b.visit(frameRead));
    }

    private static LibraryCheck.Requirement[] with(List<LibraryCheck.Requirement> common, LibraryCheck.Requirement... more) {
        List<LibraryCheck.Requirement> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(new LibraryCheck.Requirement[0]);
    }
}
