package dev.synclog.agent.instrumentation.netty.appside;

import java.io.OutputStream;
import java.util.List;

import dev.synclog.agent.bridge.CapturedCall;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One call on a connection: its request body copied as the encoder is given it, its response as the decoder puts
 * it out. Bytes are read at the buffers' reader index, which stays where it was, up to one byte over the cap; the
 * buffers are neither retained nor released. Finishes once: at the response's end, or cut off.
 */
final class ChannelCall {
    private final CapturedCall call;
    private final long cap;
    private OutputStream request;
    private long requestCopied;
    private OutputStream response;
    private long responseCopied;
    /**
     * A 1xx response other than 101 (a protocol switch, which ends the call unless it is to h2c) is under way: not the
     * call's answer.
     */
    private boolean informational;
    /** Answered 101 to h2c: the response comes on the connection's HTTP/2 stream 1, whose channel takes the call over. */
    private boolean switchedToHttp2;
    /** The last message of the response seen, to skip what was seen when the decoder runs again at the input's end. */
    private Object lastSeen;
    private boolean finished;

    ChannelCall(CapturedCall call, HttpRequest head) {
        this.call = call;
        this.cap = call.bodyCap() + 1L;
        this.request = call.requestCopy(declaredLength(head));
    }

    /** A part of the request body, or the request's end ({@code msg} a {@code LastHttpContent}), which closes the copy. */
    void requestPart(ByteBuf bytes, Object msg) {
        if (request == null) {
            return;
        }
        requestCopied += copy(bytes, request, cap - requestCopied);
        if (msg instanceof LastHttpContent) {
            close(request);
            request = null;
        }
    }

    void responsePart(Object msg) {
        if (switchedToHttp2) {
            return;
        }
        lastSeen = msg;
        DecoderResult result = msg instanceof DecoderResultProvider ? ((DecoderResultProvider) msg).decoderResult() : null;
        if (result != null && result.isFailure()) {
            finish(result.cause());
            return;
        }
        if (msg instanceof HttpResponse) {
            HttpResponse head = (HttpResponse) msg;
            if (head.status().code() == 101 && "h2c".equalsIgnoreCase(head.headers().get("Upgrade"))) {
                switchedToHttp2 = true;
                return;
            }
            responseHead(head.status().code(), head.headers().get("Content-Type"), head.headers().get("Content-Encoding"));
        }
        responseBody(msg instanceof HttpContent ? ((HttpContent) msg).content() : null, msg instanceof LastHttpContent);
    }

    /** A response's head; a 1xx other than 101 is not the call's answer, the next head is. */
    void responseHead(int status, String contentType, String contentEncoding) {
        informational = status < 200 && status != 101;
        if (!informational) {
            response = call.responseCopy(status, contentType, contentEncoding);
        }
    }

    /** A part of the response's body ({@code content} null: none), {@code last} when the response ends with it. */
    void responseBody(ByteBuf content, boolean last) {
        if (informational || response == null) {
            informational &= !last;
            return;
        }
        if (content != null) {
            responseCopied += copy(content, response, cap - responseCopied);
        }
        if (last) {
            finish(null);
        }
    }

    boolean switchedToHttp2() {
        return switchedToHttp2;
    }

    /** The connection's stream 1 took the call over: its response is read there, from its head. */
    void resumeOnHttp2Stream() {
        switchedToHttp2 = false;
        lastSeen = null;
    }

    /** Where to go on in {@code out} at the input's end: after the last message seen, if its {@code decode} put it there. */
    int firstUnseen(List<Object> out, int from) {
        for (int i = out.size() - 1; i >= from; i--) {
            if (out.get(i) == lastSeen) {
                return i + 1;
            }
        }
        return from;
    }

    /** The call ends without its response's end: every row fails with {@code why}. */
    void cutOff(String why) {
        if (!finished) {
            finish(new PrematureChannelClosureException(why));
        }
    }

    /** The call's answer cannot be read: every row fails with {@code why}. */
    void unread(String why) {
        if (!finished) {
            finish(new UnsupportedOperationException(why));
        }
    }

    boolean finished() {
        return finished;
    }

    private void finish(Throwable error) {
        finished = true;
        if (request != null) {
            close(request);
            request = null;
        }
        call.finish(error);
    }

    private static long declaredLength(HttpRequest head) {
        String length = head.headers().get("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long copy(ByteBuf bytes, OutputStream copy, long room) {
        int n = (int) Math.min(bytes.readableBytes(), Math.max(room, 0));
        if (n == 0) {
            return 0;
        }
        try {
            bytes.getBytes(bytes.readerIndex(), copy, n);
        } catch (Throwable ignored) {
            // the copy is ours; the bytes go on to the app regardless
        }
        return n;
    }

    private static void close(OutputStream copy) {
        try {
            copy.close();
        } catch (Throwable ignored) {
            // the copy is ours; the request goes on regardless
        }
    }
}
