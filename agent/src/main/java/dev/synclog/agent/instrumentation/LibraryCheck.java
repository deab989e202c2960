package dev.synclog.agent.instrumentation;

import java.net.URL;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.config.AgentConfig;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Before an instrumentation touches a library, checks that the classes and methods its advice and app-side
 * helpers use exist in the loader that holds the library (as the OpenTelemetry agent's "muzzle" does, by
 * hand). The class files are read, not loaded, so checking changes nothing in the app. Where something is
 * missing, the instrumentation leaves that loader alone and says so in one line, with the fix; the app runs normally.
 */
public final class LibraryCheck {
    private final String instrumentation;
    private final String anchorClass;
    private final String supported;
    private final List<Requirement> requirements;
    private final Map<ClassLoader, Boolean> verdicts = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param anchorClass a class every version of the library has, to name the library's jar in the log line
     * @param supported   the versions that fit, as the fix the log line offers ({@code OkHttp 4.x or 5.x})
     */
    public LibraryCheck(String instrumentation, String anchorClass, String supported, Requirement... requirements) {
        this.instrumentation = instrumentation;
        this.anchorClass = anchorClass;
        this.supported = supported;
        this.requirements = List.of(requirements);
    }

    /** A method (by name and parameter types, declared or inherited) the instrumentation calls. */
    public static Requirement method(String type, String name, String... parameterTypes) {
        return new Requirement(type, name, List.of(parameterTypes), false);
    }

    /**
     * A method the advice is woven into: the type must declare it itself, since a type matcher sees only the
     * methods a class declares (an inherited one would match nothing, and every call would go unrecorded).
     */
    public static Requirement declaredMethod(String type, String name, String... parameterTypes) {
        return new Requirement(type, name, List.of(parameterTypes), true);
    }

    /** A class the instrumentation uses (extends, implements or names). */
    public static Requirement type(String type) {
        return new Requirement(type, null, List.of(), false);
    }

    /** Matches the instrumented types only in loaders where the check passes; checked once per loader. */
    public AgentBuilder.RawMatcher where(ElementMatcher<? super TypeDescription> types) {
        return (TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                ProtectionDomain domain) -> types.matches(type) && fits(loader);
    }

    boolean fits(ClassLoader loader) {
        synchronized (verdicts) {
            Boolean verdict = verdicts.get(loader);
            if (verdict == null) {
                List<String> missing = missing(loader);
                verdict = missing.isEmpty();
                if (!verdict) {
                    AgentLog.info(instrumentation + " instrumentation disabled for " + library(loader) + ": "
                            + String.join(", ", missing) + " missing; calls through it are not recorded. Fix: use "
                            + supported + ", or set " + AgentConfig.instrumentationSwitch(instrumentation)
                            + ": false to silence this line");
                }
                verdicts.put(loader, verdict);
            }
            return verdict;
        }
    }

    private List<String> missing(ClassLoader loader) {
        ClassFileLocator locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                : ClassFileLocator.ForClassLoader.of(loader);
        TypePool pool = TypePool.Default.of(locator);
        List<String> missing = new ArrayList<>();
        for (Requirement r : requirements) {
            TypePool.Resolution resolution = pool.describe(r.type);
            if (!resolution.isResolved()) {
                missing.add("class " + r.type);
            } else if (r.method != null && !hasMethod(resolution.resolve(), r)) {
                missing.add(r.type + "." + r.method + "(" + String.join(", ", r.parameterTypes) + ")"
                        + (r.declared ? " declared there (an inherited one is not hooked)" : ""));
            }
        }
        return missing;
    }

    /**
     * Searches the type, then (unless it must declare the method) its superclasses and interfaces; a supertype that
     * cannot be read counts as not having it.
     */
    private static boolean hasMethod(TypeDescription type, Requirement r) {
        Deque<TypeDefinition> todo = new ArrayDeque<>(List.of(type));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            TypeDefinition t = todo.poll();
            try {
                if (!seen.add(t.getTypeName())) {
                    continue;
                }
                for (MethodDescription m : t.getDeclaredMethods()) {
                    if (m.getName().equals(r.method) && parameterNames(m).equals(r.parameterTypes)) {
                        return true;
                    }
                }
                if (r.declared) {
                    return false;
                }
                if (t.getSuperClass() != null) {
                    todo.add(t.getSuperClass().asErasure());
                }
                t.getInterfaces().asErasures().forEach(todo::add);
            } catch (RuntimeException unreadable) {
                // a supertype missing from the loader: keep looking elsewhere
            }
        }
        return false;
    }

    private static List<String> parameterNames(MethodDescription m) {
        return m.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getName).toList();
    }

    /** The library as its jar is named ({@code okhttp-3.12.13}), which says its version. */
    private String library(ClassLoader loader) {
        String resource = anchorClass.replace('.', '/') + ".class";
        URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
        if (url != null && "jar".equals(url.getProtocol())) {
            String path = url.getPath();
            int bang = path.indexOf("!/");
            String jar = path.substring(path.lastIndexOf('/', bang < 0 ? path.length() : bang) + 1, bang < 0 ? path.length() : bang);
            return jar.endsWith(".jar") ? jar.substring(0, jar.length() - 4) : jar;
        }
        return anchorClass + " in " + loader;
    }

    public record Requirement(String type, String method, List<String> parameterTypes, boolean declared) {
    }
}
