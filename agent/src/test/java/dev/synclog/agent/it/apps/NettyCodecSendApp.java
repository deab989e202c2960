package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

/**
 * A sync service on Netty alone, as clients built on it use it: a {@code Bootstrap} whose pipeline is
 * {@code HttpClientCodec} and an aggregator, written against the API every Netty 4.1 and 4.2 has. Makes one POST
 * per argument, each on a connection of its own, and prints the status and the body it got (base64). Calls: bytes (a
 * body of known length, sent whole). Args: url contentType bodyFile call... A {@code {n}} in the body is the call's number.
 */
public final class NettyCodecSendApp {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            for (int n = 0; n + 3 < args.length; n++) {
                byte[] body = template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8);
                String result;
                try {
                    result = send(group, url, args[1], body);
                } catch (Exception e) {
                    result = "ERROR " + e.getClass().getName();
                }
                System.out.println(args[n + 3] + " " + result);
            }
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    private static String send(EventLoopGroup group, URI url, String type, byte[] body) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                result.complete("RESPONSE " + response.status().code() + " "
                                        + Base64.getEncoder().encodeToString(ByteBufUtil.getBytes(response.content())));
                                ctx.close();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                result.completeExceptionally(cause);
                                ctx.close();
                            }
                        });
            }
        }).connect(url.getHost(), url.getPort()).sync().channel();
        channel.closeFuture().addListener(closed -> result.completeExceptionally(new IOException("closed before a response")));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, url.getRawPath(),
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, url.getHost() + ":" + url.getPort())
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        channel.writeAndFlush(request).sync();
        try {
            return result.get();
        } finally {
            channel.close().sync();
        }
    }
}
