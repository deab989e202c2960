package dev.synclog.agent.it;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import dev.synclog.agent.it.LoopbackDestination.Response;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsciiString;
import javax.net.ssl.KeyManagerFactory;

/**
 * The HTTP/2 side of {@link LoopbackDestination}: Netty's server codec on 127.0.0.1, either over TLS offering only h2
 * in ALPN (a client that does not negotiate it fails its handshake, so a test cannot pass on HTTP/1.1 by mistake), or
 * in cleartext (h2c), taking both a prior-knowledge connection and an HTTP/1.1 request asking to upgrade; a plain
 * HTTP/1.1 request is answered 505, so that there too a test cannot pass without HTTP/2.
 * Each stream is one exchange, answered by the destination's responders; {@link Response#cutOffMidBody()} sends the
 * headers and half the body, then resets the stream, {@link Response#cutOffBeforeHead()} resets it at once.
 */
final class H2Server implements AutoCloseable {
    /** What answers an exchange: the destination's routing, hit counts and scripted responses. */
    interface Exchanges {
        Response answer(String path, Headers headers, byte[] body) throws Exception;
    }

    private static final int MAX_BODY = 16 << 20;

    private final EventLoopGroup loop = new NioEventLoopGroup(2);
    private final Channel listener;

    /** Over TLS with {@code keys}, or in cleartext (h2c) when {@code keys} is null. */
    H2Server(KeyManagerFactory keys, Exchanges exchanges) throws Exception {
        ChannelInitializer<Channel> streams = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        new HttpObjectAggregator(MAX_BODY), new StreamExchange(exchanges));
            }
        };
        SslContext tls = keys == null ? null : SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.FATAL_ALERT,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.FATAL_ALERT, ApplicationProtocolNames.HTTP_2))
                .build();
        listener = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel connection) {
                        if (tls != null) {
                            connection.pipeline().addLast(tls.newHandler(connection.alloc()), Http2FrameCodecBuilder.forServer().build(),
                                    new Http2MultiplexHandler(streams));
                        } else {
                            HttpServerCodec http1 = new HttpServerCodec();
                            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1,
                                    protocol -> AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                                            ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(streams))
                                            : null,
                                    MAX_BODY);
                            ChannelInitializer<Channel> priorKnowledge = new ChannelInitializer<>() {
                                @Override
                                protected void initChannel(Channel ch) {
                                    ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new Http2MultiplexHandler(streams));
                                }
                            };
                            connection.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, priorKnowledge),
                                    new Http1Refused());
                        }
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A request that stayed HTTP/1.1 (no upgrade asked): 505, so the client's test fails instead of passing on HTTP/1.1. */
    private static final class Http1Refused extends SimpleChannelInboundHandler<HttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext connection, HttpRequest request) {
            byte[] reason = "this destination speaks HTTP/2 only (h2c: prior knowledge or Upgrade)".getBytes();
            DefaultFullHttpResponse refused = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, Unpooled.wrappedBuffer(reason));
            refused.headers().set(HttpHeaderNames.CONTENT_LENGTH, reason.length);
            connection.writeAndFlush(refused).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static final class StreamExchange extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Exchanges exchanges;

        StreamExchange(Exchanges exchanges) {
            this.exchanges = exchanges;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext stream, FullHttpRequest request) throws Exception {
            Headers headers = new Headers();
            request.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
            Response response = exchanges.answer(new QueryStringDecoder(request.uri()).path(), headers,
                    ByteBufUtil.getBytes(request.content()));
            if (response.cut() == LoopbackDestination.Cut.BEFORE_HEAD) {
                stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
                return;
            }
            if (response.cut() == LoopbackDestination.Cut.MID_BODY) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
                headersOf(response, head);
                stream.write(head);
                byte[] half = Arrays.copyOf(response.body(), response.body().length / 2);
                stream.write(new DefaultHttpContent(Unpooled.wrappedBuffer(half)));
                stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
                return;
            }
            DefaultFullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
            headersOf(response, full);
            stream.writeAndFlush(full);
        }

        private static void headersOf(Response response, HttpResponse head) {
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            head.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                head.headers().set(header.getKey(), header.getValue());
            }
        }
    }
}
