package dev.synclog.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's few lines on the host's stderr, each prefixed {@code synclog:}. Failures inside the agent are
 * counted and logged once per place, so a fault on a hot path never floods the app's logs.
 */
public final class AgentLog {
    private static final Set<String> LOGGED_PLACES = ConcurrentHashMap.newKeySet();
    private static final Set<String> LOGGED_ERRORS = ConcurrentHashMap.newKeySet();
    private static final AtomicLong FAILURES = new AtomicLong();
    private static final AtomicLong WARNINGS = new AtomicLong();

    private AgentLog() {
    }

    public static void info(String message) {
        System.err.println("synclog: " + message);
    }

    public static void warn(String message) {
        WARNINGS.incrementAndGet();
        System.err.println("synclog: WARNING: " + message);
    }

    /** An internal failure: the app is unaffected; what was being recorded is lost and counted. */
    public static void failure(String place, Throwable error) {
        FAILURES.incrementAndGet();
        // Once per place, and once per error: one fault that a call reaches through several entry points
        // (an HttpURLConnection's request body, then its response) is one line, not one per entry point.
        if (!LOGGED_PLACES.contains(place) && LOGGED_ERRORS.add(String.valueOf(error)) && LOGGED_PLACES.add(place)) {
            System.err.println("synclog: internal error in " + place + " (logged once; the app is unaffected, "
                    + "the event is not recorded): " + describe(error));
        }
    }

    /** The error and its causes on one line, so a wrapped root cause (a class initialiser's) is not lost. */
    public static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause);
        }
        if (Boolean.getBoolean("synclog.debug")) {
            error.printStackTrace();
        }
        return text.toString();
    }

    public static long failures() {
        return FAILURES.get();
    }

    /** How many warnings were logged so far: tells whether a piece of work warned. */
    public static long warnings() {
        return WARNINGS.get();
    }
}
