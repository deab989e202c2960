package dev.synclog.agent.bridge;

import java.util.function.BiFunction;

/**
 * Reads the request headers that endpoint rules match on ({@code match.headers}), for every client hook alike.
 * Only the headers some rule names are read, and their values go to endpoint matching only: never into a record.
 */
public final class MatchedHeaders {
    private MatchedHeaders() {
    }

    /**
     * The value of each of {@code names} in {@code request} (null where absent or unreadable), in the same order; null
     * when {@code names} is empty, the usual case, so nothing is allocated. {@code firstValue} looks a header up by
     * name, case-insensitively; pass a method reference or a lambda that captures nothing, which is never allocated.
     */
    public static <R> String[] read(String[] names, R request, BiFunction<R, String, String> firstValue) {
        if (names.length == 0) {
            return null;
        }
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            try {
                values[i] = firstValue.apply(request, names[i]);
            } catch (RuntimeException unreadable) {
                // e.g. an HttpURLConnection that has already connected: the rule needing it does not match
            }
        }
        return values;
    }
}
