package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** The app's body handler, unchanged, seeing the status and a copy of the body as the app's subscriber gets it. */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T> {
    /**
     * A destination's declared length makes room for its body at once up to this; past it the copy grows as the
     * bytes arrive, so a false header costs no more than this.
     */
    private static final long BELIEVED_LENGTH = 1 << 20;
    private final HttpResponse.BodyHandler<T> delegate;
    private final JdkHttpCall call;

    TeeBodyHandler(HttpResponse.BodyHandler<T> delegate, JdkHttpCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
        call.record.status = info.statusCode();
        HttpHeaders headers = info.headers();
        call.record.responseContentType = JdkHttpClientCalls.firstValue(headers, "Content-Type");
        call.record.responseContentEncoding = JdkHttpClientCalls.firstValue(headers, "Content-Encoding");
        long declaredLength = declaredLength(headers);
        synchronized (call.response) {
            call.response.reset();
            call.response.expect(Math.min(declaredLength, BELIEVED_LENGTH));
        }
        return new TeeSubscriber<>(delegate.apply(info), call);
    }

    /** The response's {@code Content-Length}, or -1 when it has none or one that is not a number. */
    private static long declaredLength(HttpHeaders headers) {
        String length = JdkHttpClientCalls.firstValue(headers, "Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class TeeSubscriber<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> delegate;
        private final JdkHttpCall call;

        TeeSubscriber(HttpResponse.BodySubscriber<T> delegate, JdkHttpCall call) {
            this.delegate = delegate;
            this.call = call;
        }

        @Override
        public CompletionStage<T> getBody() {
            return delegate.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            delegate.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            try {
                synchronized (call.response) {
                    for (ByteBuffer buffer : item) {
                        call.response.append(buffer);
                    }
                }
            } catch (Throwable ignored) {
                // the copy is ours; the app's bytes must flow regardless
            }
            delegate.onNext(item);
        }

        /**
         * The call is finished (journaled) before the app's subscriber hears of the end, as the other clients' calls
         * are before the app gets their response: a kill just after the app has the answer cannot leave the call
         * recorded as in flight, and the queue holds calls in the order the app saw them answered.
         */
        @Override
        public void onError(Throwable throwable) {
            try {
                call.finish(throwable);
            } finally {
                delegate.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            try {
                call.finish(null);
            } finally {
                delegate.onComplete();
            }
        }
    }
}
