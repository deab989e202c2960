package dev.synclog.agent.instrumentation.apachehttp5async.appside;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The app's response consumer, unchanged, also copying the response into the exchange's call. The call finishes
 * before the app's consumer completes the app's future, so a call the app has seen end is already recorded.
 */
final class CopyingResponseConsumer<T> implements AsyncResponseConsumer<T> {
    private final AsyncResponseConsumer<T> consumer;
    private final Exchange exchange;

    CopyingResponseConsumer(AsyncResponseConsumer<T> consumer, Exchange exchange) {
        this.consumer = consumer;
        this.exchange = exchange;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<T> resultCallback) throws HttpException, IOException {
        exchange.responseArrived(response, entity);
        consumer.consumeResponse(response, entity, context, resultCallback);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) throws HttpException, IOException {
        consumer.informationResponse(response, context);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        consumer.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        exchange.responseData(src);
        consumer.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
        exchange.finish(null);
        consumer.streamEnd(trailers);
    }

    @Override
    public void failed(Exception cause) {
        exchange.finish(cause);
        consumer.failed(cause);
    }

    @Override
    public void releaseResources() {
        exchange.released();
        consumer.releaseResources();
    }
}
