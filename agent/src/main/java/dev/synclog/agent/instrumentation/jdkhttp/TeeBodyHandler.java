package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** The app's body handler, unchanged, seeing the status and a copy of the body as the app's subscriber gets it. */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T> {
    private final HttpResponse.BodyHandler<T> delegate;
    private final JdkHttpCall call;

    TeeBodyHandler(HttpResponse.BodyHandler<T> delegate, JdkHttpCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
        call.record.status = info.statusCode();
        call.record.responseContentType = info.headers().firstValue("Content-Type").orElse(null);
        call.record.responseContentEncoding = info.headers().firstValue("Content-Encoding").orElse(null);
        synchronized (call.response) {
            call.response.reset();
        }
        return new TeeSubscriber<>(delegate.apply(info), call);
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

        @Override
        public void onError(Throwable throwable) {
            try {
                delegate.onError(throwable);
            } finally {
                call.finish(throwable);
            }
        }

        @Override
        public void onComplete() {
            try {
                delegate.onComplete();
            } finally {
                call.finish(null);
            }
        }
    }
}
