package dev.synclog.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.synclog.agent.bridge.Capture;
import dev.synclog.agent.bridge.CaptureSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Audience calls through Netty's HTTP/1.1 client codec, on one kept-alive connection played in memory: an
 * {@code EmbeddedChannel} whose pipeline is the request encoder and the response decoder, on the calling thread. A
 * call writes the request (encoded, its bytes taken off as the socket would), then feeds the response's bytes (decoded,
 * each message read as the app's handler would). Captured, the encoder and decoder call the agent's sink where the
 * agent's advice does: at the start of {@code write}, and after {@code decode} with what it put out.
 */
final class NettyCodecExchange implements CaptureHotPathBenchmark.Exchange {
    private final String uri = InProcessAgent.AUDIENCE_ADD.getRawPath();
    private final String host = InProcessAgent.AUDIENCE_ADD.getHost() + ":" + InProcessAgent.AUDIENCE_ADD.getPort();
    private final byte[] request;
    private final byte[] response;
    private final EmbeddedChannel plain = new EmbeddedChannel(new HttpRequestEncoder(), new HttpResponseDecoder());
    private final EmbeddedChannel captured = new EmbeddedChannel(new HookedEncoder(), new HookedDecoder());

    NettyCodecExchange(int rows) {
        request = AudienceCallBodies.request(rows).getBytes(StandardCharsets.UTF_8);
        byte[] body = AudienceCallBodies.response(rows).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        checkCaptured();
    }

    @Override
    public Object plain() {
        return call(plain);
    }

    @Override
    public Object captured() {
        return call(captured);
    }

    /** The bytes sent and the messages received, as the socket and the app's handler see them. */
    private long call(EmbeddedChannel channel) {
        return send(channel) + receive(channel);
    }

    private long send(EmbeddedChannel channel) {
        FullHttpRequest message = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.wrappedBuffer(request));
        message.headers().set("Host", host).set("Content-Type", "application/json").set("Content-Length", request.length);
        channel.writeOutbound(message);
        long bytes = 0;
        for (Object sent; (sent = channel.readOutbound()) != null; ) {
            bytes += sent instanceof ByteBuf ? ((ByteBuf) sent).readableBytes() : 0;
            ReferenceCountUtil.release(sent);
        }
        return bytes;
    }

    private long receive(EmbeddedChannel channel) {
        channel.writeInbound(Unpooled.wrappedBuffer(response));
        long messages = 0;
        for (Object received; (received = channel.readInbound()) != null; ) {
            messages++;
            ReferenceCountUtil.release(received);
        }
        return messages;
    }

    /**
     * A benchmark whose hooks saw no call would measure nothing: a captured call must be open on the channel once its
     * request is written (the helpers keep it in a channel attribute) and closed once its response is read.
     */
    private void checkCaptured() {
        AttributeKey<Object> call = AttributeKey.valueOf("synclog.call");
        send(captured);
        boolean started = captured.attr(call).get() != null;
        receive(captured);
        if (!started || captured.attr(call).get() != null) {
            throw new IllegalStateException("the agent's Netty hooks did not capture the benchmark's call to " + host + uri
                    + (started ? " (it never ended)" : " (it never started)") + ": check InProcessAgent's endpoint");
        }
    }

    /** The request encoder with what the agent's advice inlines at the start of {@code write}. */
    private static final class HookedEncoder extends HttpRequestEncoder {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            CaptureSink sink = Capture.sink;
            if (sink != null) {
                sink.nettyWriting(this, ctx, msg);
            }
            super.write(ctx, msg, promise);
        }
    }

    /** The response decoder with what the agent's advice inlines around {@code decode}. */
    private static final class HookedDecoder extends HttpResponseDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            int from = out.size();
            super.decode(ctx, in, out);
            CaptureSink sink = Capture.sink;
            if (sink != null) {
                sink.nettyDecoded(this, ctx, out, from, false);
            }
        }
    }
}
