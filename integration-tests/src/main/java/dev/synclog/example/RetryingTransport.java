package dev.synclog.example;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;

/**
 * Retries a call the destination throttled (429), waiting as long as its Retry-After says (capped). Nothing
 * else is retried: a 500 may have been half-applied by the destination, so those rows are left failed for
 * the next run to plan again.
 */
public final class RetryingTransport implements JsonTransport {
    private final JsonTransport delegate;
    private final int maxAttempts;
    private final Duration maxWait;

    public RetryingTransport(JsonTransport delegate, int maxAttempts, Duration maxWait) {
        this.delegate = delegate;
        this.maxAttempts = maxAttempts;
        this.maxWait = maxWait;
    }

    @Override
    public HttpReply post(URI uri, String bearerToken, int run, byte[] json) throws IOException {
        HttpReply reply = delegate.post(uri, bearerToken, run, json);
        for (int attempt = 2; attempt <= maxAttempts && reply.status() == 429; attempt++) {
            sleep(waitFor(reply), uri);
            reply = delegate.post(uri, bearerToken, run, json);
        }
        return reply;
    }

    private Duration waitFor(HttpReply throttled) {
        Duration asked = Duration.ofSeconds(throttled.retryAfterSeconds().orElse(1));
        return asked.compareTo(maxWait) > 0 ? maxWait : asked;
    }

    private static void sleep(Duration wait, URI uri) throws InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + uri);
        }
    }
}
