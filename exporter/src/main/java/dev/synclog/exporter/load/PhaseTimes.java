package dev.synclog.exporter.load;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Nanoseconds spent in each {@link LoadPhase}: of one batch, or summed over many. */
public final class PhaseTimes {
    private final long[] nanos = new long[LoadPhase.values().length];
    private long lapStart = System.nanoTime();

    /** Charges the time since the last lap (or creation) to {@code phase}. */
    public void lap(LoadPhase phase) {
        long now = System.nanoTime();
        nanos[phase.ordinal()] += now - lapStart;
        lapStart = now;
    }

    public void add(LoadPhase phase, long phaseNanos) {
        nanos[phase.ordinal()] += phaseNanos;
    }

    public void addAll(PhaseTimes other) {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] += other.nanos[i];
        }
    }

    public long nanos(LoadPhase phase) {
        return nanos[phase.ordinal()];
    }

    /** {@code read_wait 0.12 s, resolve 0.05 s, …}. */
    @Override
    public String toString() {
        return Stream.of(LoadPhase.values())
                .map(p -> String.format(Locale.ROOT, "%s %.2f s", p.label(), nanos(p) / 1e9))
                .collect(Collectors.joining(", "));
    }
}
