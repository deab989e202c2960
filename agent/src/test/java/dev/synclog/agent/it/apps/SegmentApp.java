package dev.synclog.agent.it.apps;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.TrackMessage;

/**
 * A sync service on Segment's analytics-java SDK, as its README configures it (OkHttp and Retrofit underneath,
 * messages queued and sent in batches by background threads). Sends three batches, one {@code flush()} each, and
 * waits for the SDK's callbacks of each before the next, so that the batches are the same in every run (and the
 * run method {@link #sync} ends after its uploads); then prints every message's outcome as the SDK reported it, sorted
 * by message id. Args: the API's base URL.
 */
public final class SegmentApp {
    private static final Map<String, String> OUTCOMES = new ConcurrentSkipListMap<>();

    public static void main(String[] args) throws Exception {
        // Built once, before the sync runs, as a service does: its threads belong to no run of their own.
        Analytics analytics = Analytics.builder("seg_write_key")
                .endpoint(args[0])
                // Only flush() sends: the timer would split the batches at whatever moment it fires.
                .flushInterval(1, TimeUnit.HOURS)
                .callback(new Outcomes())
                .build();
        sync(analytics);
        analytics.shutdown();
        OUTCOMES.forEach((id, outcome) -> System.out.println(id + " " + outcome));
    }

    /** One run of the sync: it returns once the SDK has reported every message, so its calls fall within the run. */
    static void sync(Analytics analytics) throws InterruptedException {
        batch(analytics,
                IdentifyMessage.builder().userId("u1").traits(sorted("email", "ann@example.com", "plan", "pro")).messageId("seg-1"),
                TrackMessage.builder("Signed Up").userId("u1").properties(sorted("source", "ads")).messageId("seg-2"),
                IdentifyMessage.builder().userId("u2").traits(sorted("email", "bob@example.com")).messageId("seg-3"));
        batch(analytics,
                TrackMessage.builder("Order Completed").userId("u2").properties(sorted("total", 42)).messageId("seg-4"),
                TrackMessage.builder("Order Refunded").userId("u2").properties(sorted("total", 42)).messageId("seg-5"));
        batch(analytics, IdentifyMessage.builder().userId("u3").traits(sorted("email", "cy@example.com")).messageId("seg-6"));
    }

    /** Gson writes a map in its iteration order: a sorted one makes the request the same in every run. */
    private static Map<String, Object> sorted(Object... keysAndValues) {
        Map<String, Object> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void batch(Analytics analytics, MessageBuilder<?, ?>... messages) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(messages.length);
        Outcomes.pending = done;
        for (MessageBuilder<?, ?> message : messages) {
            analytics.enqueue(message);
        }
        analytics.flush();
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the SDK reported " + (messages.length - done.getCount()) + " of "
                    + messages.length + " outcomes within 60 s");
        }
    }

    private static final class Outcomes implements Callback {
        static volatile CountDownLatch pending;

        @Override
        public void success(Message message) {
            OUTCOMES.put(message.messageId(), "success");
            pending.countDown();
        }

        @Override
        public void failure(Message message, Throwable error) {
            OUTCOMES.put(message.messageId(), "failure " + error);
            pending.countDown();
        }
    }
}
