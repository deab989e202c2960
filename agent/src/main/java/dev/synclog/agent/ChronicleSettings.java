package dev.synclog.agent;

/**
 * Chronicle's defaults that do not belong in someone else's process, switched off before any Chronicle class
 * loads: usage reports to Google Analytics, the start-up banner, and reading a {@code ./system.properties}
 * file into the host's system properties (it reads our empty {@code synclog-chronicle.properties} resource
 * instead). A value the host set itself is kept.
 */
final class ChronicleSettings {
    private ChronicleSettings() {
    }

    static void apply() {
        setUnlessSet("chronicle.analytics.disable", "true");
        setUnlessSet("chronicle.announcer.disable", "true");
        setUnlessSet("system.properties", "synclog-chronicle.properties");
    }

    private static void setUnlessSet(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
