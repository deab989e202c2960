package dev.synclog.events;

import java.util.Locale;

/** Row operations. {@code UPSERT} is resolved to added or changed by the exporter against the snapshot. */
public enum OpType {
    ADDED, CHANGED, REMOVED, UPSERT;

    /** Made once: it is asked for every row of every call, on the app's thread. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static OpType fromWireName(String name) {
        for (OpType t : values()) {
            if (t.wireName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown op type '" + name + "': use added, changed, removed or upsert");
    }
}
