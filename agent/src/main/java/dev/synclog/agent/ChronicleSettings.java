package dev.synclog.agent;

import net.openhft.chronicle.core.Jvm;

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

    /**
     * Initialises Chronicle's core (its {@code Jvm} class, a few hundred classes) on a background thread while
     * premain puts the instrumentations in place: the writer's shutdown hook, which premain waits for, needs it.
     * Call after {@link #apply()}.
     */
    static void preloadCore() {
        Thread thread = new Thread(() -> {
            try {
                Jvm.init();
            } catch (Throwable t) {
                // the writer loads Chronicle again and reports what fails there
            }
        }, "synclog-chronicle-preload");
        thread.setDaemon(true);
        // Chronicle finds its resources through the context loader: ours, not the app's.
        thread.setContextClassLoader(ChronicleSettings.class.getClassLoader());
        thread.start();
    }

    private static void setUnlessSet(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
