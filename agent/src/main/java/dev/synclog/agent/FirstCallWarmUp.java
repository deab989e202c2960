package dev.synclog.agent;

import dev.synclog.agent.rows.JsonWarmUp;

/**
 * Loads what every captured call's body reading needs and the app's start does not (Jackson's tree model: about 370
 * classes, the JDK's date and number formats its mapper sets up, and the mapper's serializer and deserializer for
 * trees) on a background thread from premain, while the app starts. Else they load on the app's thread inside its
 * first captured call, which then waits for all of it.
 */
final class FirstCallWarmUp {
    private FirstCallWarmUp() {
    }

    static void start() {
        Thread thread = new Thread(FirstCallWarmUp::run, "synclog-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            JsonWarmUp.run();
        } catch (Throwable t) {
            // Only a head start: the first call loads whatever this did not, and reports what fails there.
        }
    }
}
