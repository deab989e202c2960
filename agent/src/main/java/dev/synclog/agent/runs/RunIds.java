package dev.synclog.agent.runs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run ids that are unique and sort, as plain strings, in start order: a fixed-width UTC timestamp to the
 * microsecond, then a per-process random suffix that separates two processes starting a run in the same
 * microsecond. Within a process the timestamp strictly increases.
 */
final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private final AtomicLong lastMicros = new AtomicLong();
    private final String processSuffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));

    /** Returns the micros the id encodes; {@link #format} turns them into the id. */
    long nextMicros(long nowMicros) {
        return lastMicros.accumulateAndGet(nowMicros, (last, now) -> Math.max(last + 1, now));
    }

    String format(long micros) {
        Instant at = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        return STAMP.format(at) + String.format(".%06dZ-%s", micros % 1_000_000, processSuffix);
    }
}
