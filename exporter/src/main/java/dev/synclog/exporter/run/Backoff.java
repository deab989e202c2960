package dev.synclog.exporter.run;

import java.time.Duration;

/** Exponential backoff between warehouse reconnects: 0.5 s doubling up to a cap, reset by a success. */
final class Backoff {
    private static final Duration FIRST = Duration.ofMillis(500);
    private final Duration max;
    private Duration next = FIRST;

    Backoff(Duration max) {
        this.max = max;
    }

    Duration next() {
        Duration current = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return current;
    }

    void reset() {
        next = FIRST;
    }
}
