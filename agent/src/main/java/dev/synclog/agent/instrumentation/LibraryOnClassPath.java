package dev.synclog.agent.instrumentation;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import dev.synclog.agent.AgentLog;

/**
 * Gives Byte Buddy's set-up a head start when the app holds a library only Byte Buddy can instrument (OkHttp, Apache
 * HttpClient: their fit is checked per class loader, so the class cache does not serve them). Else the library's first
 * class, loaded inside the app's first call through it, would wait for the whole set-up. Looks on a background thread,
 * since a name missing from the class path means opening every jar on it. A library nested in a Spring Boot executable
 * jar ({@code java -jar app.jar}) is not on the class path: it is found by its jar's name among the nested ones, from
 * the outer jar's directory alone. A miss (a library under another name, or in a loader the app makes) only leaves the
 * set-up to start when the class loads, as it would anyway.
 */
final class LibraryOnClassPath {
    /** The manifest attribute that names the folder of a Spring Boot jar's (or war's) nested libraries. */
    private static final String SPRING_BOOT_LIB = "Spring-Boot-Lib";

    private LibraryOnClassPath() {
    }

    static void startSetUpIfPresent(ByteBuddySetup byteBuddy, List<ClientInstrumentation> instrumentations) {
        Thread thread = new Thread(() -> {
            String found = firstLibraryTarget(instrumentations);
            if (found == null) {
                found = nestedLibrary(instrumentations, System.getProperty("java.class.path", ""));
            }
            if (found != null) {
                byteBuddy.transformer(found);
                if (Boolean.getBoolean("synclog.debug")) {
                    AgentLog.info("found " + found + ": Byte Buddy sets up now");
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
                    return name + " on the app's class path";
                }
            }
        }
        return null;
    }

    /**
     * The first library jar nested in a Spring Boot executable jar, when that jar is the whole class path: its
     * manifest names the folder of nested jars, whose names are read from the outer jar's central directory (no
     * nested jar is opened).
     */
    static String nestedLibrary(List<ClientInstrumentation> instrumentations, String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
            return null;
        }
        try (JarFile jar = new JarFile(classPath, false)) {
            Manifest manifest = jar.getManifest();
            String lib = manifest == null ? null : manifest.getMainAttributes().getValue(SPRING_BOOT_LIB);
            if (lib == null) {
                return null;
            }
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.startsWith(lib) && matchesAny(name.substring(lib.length()), instrumentations)) {
                    return name + " in the app's Spring Boot jar";
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not a jar we can read: no head start, nothing else changes
        }
        return null;
    }

    private static boolean matchesAny(String jarName, List<ClientInstrumentation> instrumentations) {
        for (ClientInstrumentation instrumentation : instrumentations) {
            for (String prefix : instrumentation.jarNamePrefixes()) {
                if (jarName.startsWith(prefix) && jarName.endsWith(".jar")) {
                    return true;
                }
            }
        }
        return false;
    }
}
