package dev.synclog.events;

/** Version stamped on every event; see {@link SyncEvents} for the compatibility rule. */
public final class SchemaVersion {
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }
}
