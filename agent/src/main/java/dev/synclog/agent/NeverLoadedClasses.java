package dev.synclog.agent;

import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.synclog.agent.config.AgentConfig;

/**
 * Says at a clean exit which classes the config names ({@code runs.method}, {@code java_method.class}) the process
 * never loaded. A misspelt class name is a class that never loads, so nothing is transformed and nothing says why:
 * this is the one place that can tell. Asked of the JVM once, at exit, rather than watched on every class load.
 */
final class NeverLoadedClasses {
    private NeverLoadedClasses() {
    }

    static void warn(Instrumentation inst, AgentConfig config) {
        try {
            warnEach(inst, config);
        } catch (RuntimeException e) {
            AgentLog.failure("looking for the classes the config names among those loaded, at exit", e);
        }
    }

    private static void warnEach(Instrumentation inst, AgentConfig config) {
        Map<String, List<String>> namedBy = config.classesNamed();
        if (namedBy.isEmpty()) {
            return;
        }
        Set<String> loaded = new HashSet<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            loaded.add(type.getName());
        }
        namedBy.forEach((className, names) -> {
            if (!loaded.contains(className)) {
                AgentLog.warn(className + ", named by " + String.join(" and ", names) + ", was never loaded in this"
                        + " process, so nothing of it was captured" + (names.contains("runs.method")
                        ? " and no run started there (the process's calls went to one run for its life)" : "")
                        + "; check the class name (a nested class as Outer$Inner) against the app's, unless the app"
                        + " did not use it this time");
            }
        });
    }
}
