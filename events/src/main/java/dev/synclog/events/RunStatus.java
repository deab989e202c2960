package dev.synclog.events;

import java.util.Locale;

public enum RunStatus {
    SUCCEEDED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
