package dev.synclog.agent.runs;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run ids that are unique and sort, as plain strings, in start order: a fixed-width UTC timestamp to the
 * microsecond ({@code 20261126T054500.123456Z}), then a per-process random suffix that separates two processes
 * starting a run in the same microsecond. Within a process the timestamp strictly increases. Written digit by digit:
 * the process's run starts in premain, where a {@code DateTimeFormatter} or {@code String.format} would load about a
 * hundred locale and formatting classes ahead of the app's first call.
 */
final class RunIds {
    private final AtomicLong lastMicros = new AtomicLong();
    private final String processSuffix = zeroPadded(Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)), 6);

    /** Returns the micros the id encodes; {@link #format} turns them into the id. */
    long nextMicros(long nowMicros) {
        return lastMicros.accumulateAndGet(nowMicros, (last, now) -> Math.max(last + 1, now));
    }

    String format(long micros) {
        LocalDateTime at = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000), 0, ZoneOffset.UTC);
        StringBuilder id = new StringBuilder(30);
        digits(id, at.getYear(), 4);
        digits(id, at.getMonthValue(), 2);
        digits(id, at.getDayOfMonth(), 2);
        id.append('T');
        digits(id, at.getHour(), 2);
        digits(id, at.getMinute(), 2);
        digits(id, at.getSecond(), 2);
        id.append('.');
        digits(id, Math.floorMod(micros, 1_000_000), 6);
        return id.append("Z-").append(processSuffix).toString();
    }

    private static void digits(StringBuilder to, long value, int width) {
        to.append(zeroPadded(Long.toString(value), width));
    }

    private static String zeroPadded(String text, int width) {
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }
}
