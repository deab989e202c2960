package dev.synclog.agent.instrumentation.apachehttp5async.appside;

import java.io.IOException;

import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/** The app's request producer, unchanged; it starts the exchange's call as the request goes out and copies the body. */
final class CopyingRequestProducer implements AsyncRequestProducer {
    private final AsyncRequestProducer producer;
    private final Exchange exchange;

    CopyingRequestProducer(AsyncRequestProducer producer, Exchange exchange) {
        this.producer = producer;
        this.exchange = exchange;
    }

    @Override
    public void sendRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
        producer.sendRequest((request, entity, requestContext) -> {
            exchange.requestSending(request, entity);
            channel.sendRequest(request, entity, requestContext);
        }, context);
    }

    @Override
    public boolean isRepeatable() {
        return producer.isRepeatable();
    }

    @Override
    public void failed(Exception cause) {
        producer.failed(cause);
    }

    @Override
    public int available() {
        return producer.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        producer.produce(exchange.copiesRequest() ? new CopyingDataStreamChannel(channel, exchange) : channel);
    }

    @Override
    public void releaseResources() {
        exchange.requestReset();
        producer.releaseResources();
    }
}
