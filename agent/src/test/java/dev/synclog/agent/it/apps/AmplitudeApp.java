package dev.synclog.agent.it.apps;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.amplitude.Amplitude;
import com.amplitude.AmplitudeCallbacks;
import com.amplitude.Event;
import org.json.JSONObject;

/**
 * A sync service on Amplitude's java-sdk, as its README configures it (HttpsURLConnection underneath; events queued
 * and sent in batches by the SDK's threads, which split a refused batch and send its valid events again by
 * themselves). Logs three events, flushes them as one batch, waits until the SDK has reported each event's final
 * outcome, then prints the outcomes sorted by insert id. Args: the HTTP API's URL.
 */
public final class AmplitudeApp {
    private static final Map<String, String> OUTCOMES = new ConcurrentSkipListMap<>();
    private static final CountDownLatch REPORTED = new CountDownLatch(3);

    public static void main(String[] args) throws Exception {
        Amplitude amplitude = Amplitude.getInstance();
        amplitude.init("AMP_API_KEY_0123");
        amplitude.setServerUrl(args[0]);
        amplitude.setCallbacks(new AmplitudeCallbacks() {
            @Override
            public void onLogEventServerResponse(Event event, int status, String message) {
                OUTCOMES.put(event.insertId, status + " " + message);
                REPORTED.countDown();
            }
        });
        amplitude.logEvent(event("amp-1", "u1", "Signed Up", new JSONObject().put("source", "ads")));
        amplitude.logEvent(event("amp-2", "u2", "Order Completed", new JSONObject().put("total", 42)));
        amplitude.logEvent(event("amp-3", "u3", "Signed Up", new JSONObject().put("source", "search")));
        amplitude.flushEvents();
        if (!REPORTED.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the SDK reported " + OUTCOMES.size() + " of 3 outcomes within 60 s: " + OUTCOMES);
        }
        amplitude.shutdown();
        OUTCOMES.forEach((id, outcome) -> System.out.println(id + " " + outcome));
    }

    private static Event event(String insertId, String userId, String type, JSONObject properties) {
        Event event = new Event(type, userId);
        event.insertId = insertId;
        event.eventProperties = properties;
        event.timestamp = 1_764_000_000_000L;
        return event;
    }
}
