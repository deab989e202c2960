package dev.synclog.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Chronicle Queue maps files through JDK internals that Java 17 closes. The agent opens exactly the set
 * Chronicle needs (opening only part makes it fall back, silently, to a read-only queue), to its own
 * loader only, so users add no command-line flags and the host's own modules stay as they were.
 */
final class JdkInternals {
    /** jdk.internal.misc: the agent's libraries reach the JDK's internal Unsafe through InternalUnsafe. */
    private static final Set<String> EXPORTS = Set.of("sun.nio.ch", "jdk.internal.ref", "jdk.internal.misc");
    private static final Set<String> OPENS = Set.of(
            "java.lang", "java.lang.reflect", "java.io", "java.util", "java.nio", "sun.nio.ch");

    private JdkInternals() {
    }

    static void openTo(Instrumentation inst, Module agentModule) {
        Module javaBase = Object.class.getModule();
        Set<Module> to = Set.of(agentModule);
        Map<String, Set<Module>> exports = new java.util.HashMap<>();
        EXPORTS.forEach(p -> exports.put(p, to));
        Map<String, Set<Module>> opens = new java.util.HashMap<>();
        OPENS.forEach(p -> opens.put(p, to));
        inst.redefineModule(javaBase, Set.of(), exports, opens, Set.of(), Map.of());
    }
}
