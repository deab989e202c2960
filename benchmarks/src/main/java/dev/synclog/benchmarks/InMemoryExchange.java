package dev.synclog.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * Plays the JDK HttpClient's part of an exchange in memory: it drains the request's body publisher, as the client
 * does when sending, and feeds a response body to the handler's subscriber, as the client does when receiving.
 * The benchmark thus measures what runs on the app's thread, without a network in the way.
 */
final class InMemoryExchange {
    private static final HttpHeaders RESPONSE_HEADERS = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")),
            (name, value) -> true);

    private InMemoryExchange() {
    }

    /** Returns the bytes the client would have sent and the body the app gets back. */
    static <T> T exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, byte[] responseBody) {
        long[] sent = {0};
        request.bodyPublisher().ifPresent(publisher -> publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                sent[0] += item.remaining();
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        }));
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info());
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(responseBody)));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    private static final class Info implements HttpResponse.ResponseInfo {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpHeaders headers() {
            return RESPONSE_HEADERS;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
