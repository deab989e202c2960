package dev.synclog.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge classes (the few that inlined advice in any class loader calls) in the bootstrap loader
 * directly. Adding the agent jar to the bootstrap search path would do the same, but then the JVM turns class
 * data sharing off for every class outside the boot loader, the app's included ("Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended"). The JDK's internal {@code Unsafe} is
 * exported to the agent's own module only, for this.
 */
public final class BootstrapBridge {
    private static final String BRIDGE_PACKAGE = "dev/synclog/agent/bridge/";

    private BootstrapBridge() {
    }

    /** @return false where this JVM does not allow it: the caller then adds the jar to the bootstrap search path */
    public static boolean define(Instrumentation inst, JarFile agentJar) {
        try {
            Module javaBase = Object.class.getModule();
            inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
                    Map.of(), Set.of(), Map.of());
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            Method defineClass = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                    ClassLoader.class, java.security.ProtectionDomain.class);
            for (JarEntry entry : bridgeClasses(agentJar)) {
                byte[] bytes;
                try (InputStream in = agentJar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                String name = entry.getName().substring(0, entry.getName().length() - ".class".length()).replace('/', '.');
                defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
            }
            return true;
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            if (Boolean.getBoolean("synclog.debug")) {
                AgentLog.info("bridge classes added to the bootstrap search path instead: " + AgentLog.describe(e));
            }
            return false;
        }
    }

    /** The bridge classes extend JDK classes only, so they can be defined in any order. */
    private static List<JarEntry> bridgeClasses(JarFile agentJar) {
        List<JarEntry> classes = new ArrayList<>();
        for (Enumeration<JarEntry> entries = agentJar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            if (entry.getName().startsWith(BRIDGE_PACKAGE) && entry.getName().endsWith(".class")) {
                classes.add(entry);
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("the agent jar has no " + BRIDGE_PACKAGE + " classes");
        }
        return classes;
    }
}
