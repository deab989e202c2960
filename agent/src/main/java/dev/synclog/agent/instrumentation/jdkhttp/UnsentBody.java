package dev.synclog.agent.instrumentation.jdkhttp;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.Flow;

import dev.synclog.agent.capture.BodyCopy;

/**
 * A body read before the client sends it: to journal a call's rows before any byte can reach the destination, and
 * for a call that failed before its body was sent (connection refused), whose rows are still the call's rows. The
 * JDK's in-memory publishers hand out the same bytes to every subscriber, synchronously and
 * without side effects, so those (and only those) are read once more here.
 */
final class UnsentBody {
    private static final Set<String> REPLAYABLE = Set.of(
            "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
            "jdk.internal.net.http.RequestPublishers$StringPublisher",
            "jdk.internal.net.http.RequestPublishers$ByteArraysPublisher");

    private UnsentBody() {
    }

    /** @return false when the publisher is not one of those, and nothing was copied */
    static boolean copyInto(HttpRequest.BodyPublisher publisher, BodyCopy copy) {
        if (!REPLAYABLE.contains(publisher.getClass().getName())) {
            return false;
        }
        long declared = publisher.contentLength();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                // These publishers copy their bytes into new buffers for each subscriber: this one's are ours to keep.
                if (!copy.adopt(item, declared)) {
                    copy.expect(declared);
                    copy.append(item);
                }
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        return true;
    }
}
