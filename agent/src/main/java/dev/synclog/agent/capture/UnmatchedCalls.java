package dev.synclog.agent.capture;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.synclog.agent.AgentLog;

/**
 * With {@code capture.log_unmatched}, names on stderr each kind of HTTP call (method, host, path) that no endpoint
 * matched, once, with the match that would capture it: what a user needs to write the endpoints of a destination
 * whose SDK they have not read. The query string is left out (it may hold keys or tokens); a path may hold ids,
 * which is why this is off unless asked for. At most {@link #LIMIT} kinds are named, so a service calling many
 * distinct paths does not fill its log.
 */
final class UnmatchedCalls {
    static final int LIMIT = 100;

    /** Kinds seen; a few past {@link #LIMIT} when threads race on new kinds, never more. */
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    /** Lines given out, so that exactly {@link #LIMIT} kinds are named whatever the races. */
    private final AtomicInteger lines = new AtomicInteger();
    private final AtomicBoolean limitSaid = new AtomicBoolean();

    void seen(String client, String method, URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String kind = method + " " + host + path;
        if (named.contains(kind)) {
            return;
        }
        if (named.size() >= LIMIT) {
            sayLimitReached();
            return;
        }
        if (!named.add(kind)) {
            return;
        }
        if (lines.incrementAndGet() > LIMIT) {
            sayLimitReached();
            return;
        }
        AgentLog.info("no endpoint matches " + method + " " + uri.getScheme() + "://" + host
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path + " (" + client + "); to capture it, add an"
                + " endpoint with match: {host: " + host + ", method: " + method + ", path: " + path + "}"
                + " (capture.log_unmatched)");
    }

    private void sayLimitReached() {
        if (limitSaid.compareAndSet(false, true)) {
            AgentLog.info("more calls match no endpoint; only the first " + LIMIT + " kinds were named"
                    + " (capture.log_unmatched)");
        }
    }
}
