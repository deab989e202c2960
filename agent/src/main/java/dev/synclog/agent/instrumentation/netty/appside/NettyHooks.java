package dev.synclog.agent.instrumentation.netty.appside;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import dev.synclog.agent.bridge.CapturedCall;
import dev.synclog.agent.bridge.MatchedHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;

/**
 * What the agent calls in the app's class loader (see {@code AppSideHelpers}) for the client side of Netty's
 * HTTP/1.1 codec and HTTP/2 stream codec; JDK types only in signatures. A connection carries one call at a time, kept
 * in a channel attribute: requests on a kept-alive connection follow one another. Over HTTP/2 each stream is a
 * channel of its own, carrying one call. A request that upgrades its connection to cleartext HTTP/2 (a 101 to h2c)
 * gets its response on the connection's stream 1: the call waits on the connection, in another attribute, for that
 * stream's channel to take it over. Everything runs on the channel's event loop.
 */
public final class NettyHooks {
    private static final String CLIENT = "netty";
    private static final AttributeKey<ChannelCall> CALL = AttributeKey.valueOf("synclog.call");
    /** On a connection: the call whose request was answered 101 to h2c, until its stream 1 takes it over. */
    private static final AttributeKey<ChannelCall> UPGRADED = AttributeKey.valueOf("synclog.upgradedCall");
    /** By name: an app without Netty's HTTP/2 codec never loads it. */
    private static final String MULTIPLEX_HANDLER = "io.netty.handler.codec.http2.Http2MultiplexHandler";
    private static final String MULTIPLEX_CODEC = "io.netty.handler.codec.http2.Http2MultiplexCodec";

    private NettyHooks() {
    }

    /** The encoder is about to encode {@code msg}: a request starts a call, a body part is copied, an end ends it. */
    public static void writing(Object ctx, Object msg) {
        ChannelHandlerContext context = (ChannelHandlerContext) ctx;
        Attribute<ChannelCall> attribute = context.channel().attr(CALL);
        if (msg instanceof HttpRequest) {
            ChannelCall previous = attribute.getAndSet(null);
            if (previous != null) {
                previous.cutOff("a new request was sent on the connection before the previous response ended");
            }
            CapturedCall call = start(context, (HttpRequest) msg);
            if (call == null) {
                return;
            }
            attribute.set(new ChannelCall(call, (HttpRequest) msg));
        }
        ChannelCall current = attribute.get();
        if (current == null) {
            return;
        }
        if (msg instanceof HttpContent) {
            current.requestPart(((HttpContent) msg).content(), msg);
        } else if (msg instanceof ByteBuf) {
            current.requestPart((ByteBuf) msg, msg);
        }
    }

    /**
     * The decoder put {@code out[from..]} out for the next handlers. When the input ended ({@code decodeLast}), the
     * messages its own {@code decode} put out were already seen, and a call still open was cut off.
     */
    public static void decoded(Object ctx, List<Object> out, int from, boolean inputClosed) {
        Channel channel = ((ChannelHandlerContext) ctx).channel();
        Attribute<ChannelCall> attribute = channel.attr(CALL);
        ChannelCall current = attribute.get();
        if (current == null && (current = upgradedCall(channel)) == null) {
            return;
        }
        for (int i = inputClosed ? current.firstUnseen(out, from) : from; i < out.size() && !current.finished(); i++) {
            current.responsePart(out.get(i));
        }
        if (current.switchedToHttp2()) {
            attribute.compareAndSet(current, null);
            channel.attr(UPGRADED).set(current);
            ChannelCall upgraded = current;
            // Queued behind this read, so it runs once the app's upgrade handler has set up HTTP/2 on the connection.
            channel.eventLoop().execute(() -> endUnlessStreamsAreChannels(channel, upgraded));
            return;
        }
        if (inputClosed) {
            current.cutOff("the connection closed before the response ended");
        }
        if (current.finished()) {
            attribute.compareAndSet(current, null);
        }
    }

    /**
     * A frame of an HTTP/2 stream's response, before a client's own adapter (the AWS SDK's) turns it into HTTP objects
     * for the next handlers: a head (a headers frame with a status), a part of the body, trailers (a headers frame
     * without one); the frame that ends the stream ends the call.
     */
    public static void frameRead(Object ctx, Object frame) {
        Attribute<ChannelCall> attribute = ((ChannelHandlerContext) ctx).channel().attr(CALL);
        ChannelCall current = attribute.get();
        if (current == null) {
            return;
        }
        if (frame instanceof Http2HeadersFrame) {
            Http2HeadersFrame headersFrame = (Http2HeadersFrame) frame;
            Http2Headers headers = headersFrame.headers();
            CharSequence status = headers.status();
            if (status != null) {
                current.responseHead(Integer.parseInt(status.toString()), text(headers.get("content-type")),
                        text(headers.get("content-encoding")));
            }
            current.responseBody(null, headersFrame.isEndStream());
        } else if (frame instanceof Http2DataFrame) {
            current.responseBody(((Http2DataFrame) frame).content(), ((Http2DataFrame) frame).isEndStream());
        }
        if (current.finished()) {
            attribute.compareAndSet(current, null);
        }
    }

    private static String text(CharSequence value) {
        return value == null ? null : value.toString();
    }

    /** An HTTP/2 stream's channel is closing: a call on it that has not ended was cut off (a reset, a lost connection). */
    public static void streamClosed(Object channel) {
        Channel stream = (Channel) channel;
        if (stream.attr(CALL).get() == null) {
            upgradedCall(stream);
        }
        ChannelCall current = stream.attr(CALL).getAndSet(null);
        if (current != null) {
            current.cutOff("the HTTP/2 stream closed before the response ended (reset, or its connection closed)");
        }
    }

    /**
     * The connection's HTTP/2 is not Netty's multiplexer, which makes each stream a channel (Vert.x runs its own
     * handler): no stream channel will take the upgraded call over, and its answer is read by nothing the agent hooks.
     * Its rows fail now as unknown, rather than waiting for the process's exit.
     */
    private static void endUnlessStreamsAreChannels(Channel connection, ChannelCall call) {
        for (ChannelHandler handler : connection.pipeline().toMap().values()) {
            String type = handler.getClass().getName();
            if (type.equals(MULTIPLEX_HANDLER) || type.equals(MULTIPLEX_CODEC)) {
                return;
            }
        }
        if (connection.attr(UPGRADED).compareAndSet(call, null)) {
            call.unread("the connection was upgraded to HTTP/2 (h2c) on handlers synclog does not read (not Netty's"
                    + " Http2MultiplexHandler), so whether the destination applied the row is unknown");
        }
    }

    /**
     * The call of the request that upgraded {@code channel}'s connection to h2c, now {@code channel}'s own if
     * {@code channel} is the connection's stream 1 (the upgraded request's); else null.
     */
    private static ChannelCall upgradedCall(Channel channel) {
        Channel connection = channel.parent();
        if (connection == null) {
            return null;
        }
        Attribute<ChannelCall> upgraded = connection.attr(UPGRADED);
        ChannelCall call = upgraded.get();
        // Http2StreamChannel only once a call is parked: an app without Netty's HTTP/2 codec never gets there.
        if (call == null || ((Http2StreamChannel) channel).stream().id() != 1 || !upgraded.compareAndSet(call, null)) {
            return null;
        }
        call.resumeOnHttp2Stream();
        channel.attr(CALL).set(call);
        return call;
    }

    /** The call the request starts, or null when no endpoint matches it. */
    private static CapturedCall start(ChannelHandlerContext context, HttpRequest request) {
        CaptureSink sink = Capture.sink;
        if (sink == null) {
            return null;
        }
        HttpHeaders headers = request.headers();
        return sink.callStarting(CLIENT, request.method().name(), url(context, request), headers.get("Content-Type"),
                headers.get("Content-Encoding"), MatchedHeaders.read(sink.matchedHeaderNames(), headers, HttpHeaders::get));
    }

    /**
     * An absolute URI (a request through a proxy) as it is; else the scheme (https when the connection has TLS: an
     * HTTP/2 stream's parent channel is the connection), the {@code Host} header (or the address connected to, when
     * there is none), and the URI.
     */
    private static String url(ChannelHandlerContext context, HttpRequest request) {
        String uri = request.uri();
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            return uri;
        }
        String host = request.headers().get("Host");
        if (host == null) {
            host = address(context.channel());
        }
        Channel connection = context.channel().parent() != null ? context.channel().parent() : context.channel();
        String scheme = connection.pipeline().get(SslHandler.class) != null ? "https://" : "http://";
        return scheme + host + (uri.startsWith("/") ? uri : "/" + uri);
    }

    private static String address(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) remote;
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(remote);
    }
}
