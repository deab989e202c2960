package dev.synclog.agent.instrumentation.apachehttp5async.appside;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * The client's channel, unchanged, also copying what the producer writes: exactly the bytes the channel accepted
 * (a write may take fewer than offered), read from a view so the producer's buffer moves only as the channel moves it.
 */
final class CopyingDataStreamChannel implements DataStreamChannel {
    private final DataStreamChannel channel;
    private final Exchange exchange;

    CopyingDataStreamChannel(DataStreamChannel channel, Exchange exchange) {
        this.channel = channel;
        this.exchange = exchange;
    }

    @Override
    public void requestOutput() {
        channel.requestOutput();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ByteBuffer view = src.duplicate();
        int written = channel.write(src);
        exchange.requestWritten(view, written);
        return written;
    }

    @Override
    public void endStream(List<? extends Header> trailers) throws IOException {
        exchange.requestEnding();
        channel.endStream(trailers);
    }

    @Override
    public void endStream() throws IOException {
        exchange.requestEnding();
        channel.endStream();
    }
}
