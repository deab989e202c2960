package dev.synclog.agent.capture;

import java.time.Instant;

/** Wall-clock time in microseconds since the epoch: the unit of every event's time. */
public final class EpochMicros {
    private EpochMicros() {
    }

    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
