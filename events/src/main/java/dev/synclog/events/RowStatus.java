package dev.synclog.events;

import java.util.Locale;

/** Hightouch's row statuses; aborted means planned but never attempted. */
public enum RowStatus {
    SUCCEEDED, FAILED, ABORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
