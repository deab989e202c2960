package dev.synclog.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * read, never loaded, so nothing of the app runs. A Spring Boot executable jar is read as its launcher would load it
 * ({@link SpringBootJarClasses}).
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
        List<String> problems = new ArrayList<>();
        try (ClassFileLocator locator = locator()) {
            TypePool pool = TypePool.Default.of(locator);
            config.classesNamed().forEach((className, namedBy) -> {
                String named = className + ", named by " + String.join(" and ", namedBy);
                TypePool.Resolution resolution = pool.describe(className);
                if (!resolution.isResolved()) {
                    problems.add(named + ", is not on the class path given: nothing of it would be captured; check"
                            + " the class name (a nested class as Outer$Inner) and the class path");
                    return;
                }
                try {
                    problems.addAll(problemsOf(resolution.resolve(), config));
                } catch (RuntimeException unreadable) {
                    // A type its methods name (a parameter's interface, say) is not on the class path.
                    problems.add(named + ", could not be read whole from the class path given ("
                            + AgentLog.describe(unreadable) + "); add the jars the class's methods refer to");
                }
            });
        }
        return problems;
    }

    /** What the agent says when {@code type} loads: of its run method, and of each endpoint's method in it. */
    private static List<String> problemsOf(TypeDescription type, AgentConfig config) {
        List<String> problems = new ArrayList<>();
        config.runMethod().filter(method -> method.className().equals(type.getName()))
                .map(method -> RunMethodInstrumentation.absence(type, method)).ifPresent(problems::add);
        for (EndpointRule endpoint : config.endpoints()) {
            if (endpoint.javaMethod() != null && endpoint.javaMethod().className().equals(type.getName())) {
                problems.addAll(SdkMethodInstrumentation.problems(type, endpoint));
            }
        }
        return problems;
    }

    /** The app's entries, then the JDK's own classes (a parameter of type {@code java.util.List}). */
    private ClassFileLocator locator() throws IOException {
        List<ClassFileLocator> locators = new ArrayList<>();
        try {
            for (Path entry : entries) {
                locators.add(Files.isDirectory(entry) ? new ClassFileLocator.ForFolder(entry.toFile()) : jar(entry));
            }
        } catch (IOException e) {
            new ClassFileLocator.Compound(locators).close();
            throw e;
        }
        locators.add(ClassFileLocator.ForClassLoader.ofPlatformLoader());
        return new ClassFileLocator.Compound(locators);
    }

    /** A Spring Boot executable jar as what its launcher loads; any other jar as it is. */
    private static ClassFileLocator jar(Path file) throws IOException {
        Optional<SpringBootJarClasses> springBoot = SpringBootJarClasses.open(file);
        return springBoot.isPresent() ? springBoot.get() : ClassFileLocator.ForJarFile.of(file.toFile());
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
