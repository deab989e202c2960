package dev.synclog.events;

import java.util.Locale;

public enum DropReason {
    /** Captured before the queue was open (start-up runs off the premain thread). */
    NOT_READY,
    /** Free disk below the configured threshold. */
    DISK_LOW,
    /** Calls waiting for the writer in memory (only when the journal file could not be created) hit their bound. */
    BACKLOG_FULL,
    /** Writing to the queue failed. */
    WRITE_FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
