package dev.synclog.agent.instrumentation;

import java.util.List;

import dev.synclog.agent.AgentLog;

/**
 * Gives Byte Buddy's set-up a head start when the app's class path holds a library only Byte Buddy can instrument
 * (OkHttp, Apache HttpClient: their fit is checked per class loader, so the class cache does not serve them). Else
 * the library's first class, loaded inside the app's first call through it, would wait for the whole set-up. Looks on
 * a background thread, since a name missing from the class path means opening every jar on it: a miss (a library
 * nested in a fat jar, say) only leaves the set-up to start when the class loads, as it would anyway.
 */
final class LibraryOnClassPath {
    private LibraryOnClassPath() {
    }

    static void startSetUpIfPresent(ByteBuddySetup byteBuddy, List<ClientInstrumentation> instrumentations) {
        Thread thread = new Thread(() -> {
            String found = firstLibraryTarget(instrumentations);
            if (found != null) {
                byteBuddy.transformer(found + " on the app's class path");
                if (Boolean.getBoolean("synclog.debug")) {
                    AgentLog.info("found " + found + " on the app's class path: Byte Buddy sets up now");
                }
            }
        }, "synclog-library-check");
        thread.setDaemon(true);
        thread.start();
    }

    /** The first target name (a class, or a package ending in '.') the app's loader finds and the JDK's does not. */
    private static String firstLibraryTarget(List<ClientInstrumentation> instrumentations) {
        ClassLoader app = ClassLoader.getSystemClassLoader();
        ClassLoader jdk = ClassLoader.getPlatformClassLoader();
        for (ClientInstrumentation instrumentation : instrumentations) {
            for (String name : instrumentation.typeNames()) {
                String resource = name.endsWith(".") ? name.replace('.', '/') : name.replace('.', '/') + ".class";
                if (jdk.getResource(resource) == null && app.getResource(resource) != null) {
                    return name;
                }
            }
        }
        return null;
    }
}
