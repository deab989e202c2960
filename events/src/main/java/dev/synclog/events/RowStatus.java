package dev.synclog.events;

import java.util.Locale;

/** Hightouch's row statuses; aborted means planned but never attempted. */
public enum RowStatus {
    SUCCEEDED, FAILED, ABORTED;

    /** Made once: it is asked for every row of every call, on the app's thread. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
