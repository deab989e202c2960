package dev.synclog.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.instrumentation.runmethod.RunMethodInstrumentation;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodInstrumentation;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The classes the config names ({@code runs.method}, {@code java_method}), looked up in the app's class path before
 * the app runs: what the agent would say of each when it loads, or at exit when it never does. The class files are
 * read, never loaded, so nothing of the app runs.
 */
final class ClassPathCheck {
    private final List<Path> entries;

    /**
     * @param classPath as {@code java -cp} takes it: jars and directories joined by the path separator, and
     *                  {@code DIR/*} for every jar in a directory
     * @throws IllegalArgumentException naming an entry that is not there
     */
    ClassPathCheck(String classPath) {
        entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.endsWith("*")) {
                entries.addAll(jarsIn(Path.of(entry.substring(0, entry.length() - 1))));
            } else if (Files.exists(Path.of(entry))) {
                entries.add(Path.of(entry));
            } else {
                throw new IllegalArgumentException("--class-path entry " + entry + " does not exist");
            }
        }
    }

    /** @return what the agent would say of the classes the config names, in the config's order; empty when nothing */
    List<String> problems(AgentConfig config) throws IOException {
        Map<String, List<Function<TypeDescription, List<String>>>> checks = new LinkedHashMap<>();
        Map<String, List<String>> namedBy = new LinkedHashMap<>();
        config.runMethod().ifPresent(method -> {
            add(checks, namedBy, method.className(), "runs.method");
            checks.get(method.className()).add(type -> {
                String absent = RunMethodInstrumentation.absence(type, method);
                return absent == null ? List.of() : List.of(absent);
            });
        });
        for (EndpointRule endpoint : config.endpoints()) {
            if (endpoint.javaMethod() != null) {
                String className = endpoint.javaMethod().className();
                add(checks, namedBy, className, "endpoint '" + endpoint.name() + "'");
                checks.get(className).add(type -> SdkMethodInstrumentation.problems(type, endpoint));
            }
        }
        List<String> problems = new ArrayList<>();
        try (ClassFileLocator locator = locator()) {
            TypePool pool = TypePool.Default.of(locator);
            checks.forEach((className, ofClass) -> {
                String named = className + ", named by " + String.join(" and ", namedBy.get(className));
                TypePool.Resolution resolution = pool.describe(className);
                if (!resolution.isResolved()) {
                    problems.add(named + ", is not on the class path given: nothing of it would be captured; check"
                            + " the class name (a nested class as Outer$Inner) and the class path");
                    return;
                }
                for (Function<TypeDescription, List<String>> check : ofClass) {
                    try {
                        problems.addAll(check.apply(resolution.resolve()));
                    } catch (RuntimeException unreadable) {
                        // A type its methods name (a parameter's interface, say) is not on the class path.
                        problems.add(named + ", could not be read whole from the class path given ("
                                + AgentLog.describe(unreadable) + "); add the jars the class's methods refer to");
                    }
                }
            });
        }
        return problems;
    }

    private static void add(Map<String, List<Function<TypeDescription, List<String>>>> checks,
                            Map<String, List<String>> namedBy, String className, String by) {
        checks.computeIfAbsent(className, c -> new ArrayList<>());
        namedBy.computeIfAbsent(className, c -> new ArrayList<>()).add(by);
    }

    /** The app's entries, then the JDK's own classes (a parameter of type {@code java.util.List}). */
    private ClassFileLocator locator() throws IOException {
        List<ClassFileLocator> locators = new ArrayList<>();
        for (Path entry : entries) {
            locators.add(Files.isDirectory(entry) ? new ClassFileLocator.ForFolder(entry.toFile())
                    : ClassFileLocator.ForJarFile.of(entry.toFile()));
        }
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        return new ClassFileLocator.Compound(locators);
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--class-path entry " + dir + File.separator + "* names no directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("--class-path entry " + dir + File.separator + "* cannot be listed ("
                    + e.getMessage() + ")");
        }
    }
}
