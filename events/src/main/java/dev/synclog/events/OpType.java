package dev.synclog.events;

import java.util.Locale;

/** Row operations. {@code UPSERT} is resolved to added or changed by the exporter against the snapshot. */
public enum OpType {
    ADDED, CHANGED, REMOVED, UPSERT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
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
