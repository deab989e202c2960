package dev.synclog.agent.instrumentation.jdkhttp;

import java.nio.ByteBuffer;
import java.net.http.HttpRequest;
import java.util.concurrent.Flow;

/**
 * The app's request body publisher, unchanged, with a copy of each buffer taken as the client consumes it. The rows
 * are journaled before the client has the whole body: when the copy holds the declared length, before that buffer
 * is handed on; without one, on completion, before the client sends the body's end.
 */
final class TeeBodyPublisher implements HttpRequest.BodyPublisher {
    private final HttpRequest.BodyPublisher delegate;
    private final JdkHttpCall call;

    TeeBodyPublisher(HttpRequest.BodyPublisher delegate, JdkHttpCall call) {
        this.delegate = delegate;
        this.call = call;
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        long declaredLength = delegate.contentLength();
        synchronized (call.request) {
            call.request.reset();
            call.request.expect(declaredLength);
        }
        delegate.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(ByteBuffer item) {
                try {
                    synchronized (call.request) {
                        call.request.append(item);
                    }
                    call.requestCopied(declaredLength);
                } catch (Throwable ignored) {
                    // the copy is ours; the app's bytes must flow regardless
                }
                subscriber.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                try {
                    call.requestSent();
                } catch (Throwable ignored) {
                    // the journal is ours; the app's request must complete regardless
                }
                subscriber.onComplete();
            }
        });
    }
}
