package dev.synclog.example;

import java.util.Locale;

/** What the service asks a destination to do with a row, named as the sync-log tables name it. */
public enum Op {
    ADDED, CHANGED, REMOVED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
