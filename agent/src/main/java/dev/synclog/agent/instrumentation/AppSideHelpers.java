package dev.synclog.agent.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Code that must use a library's own types (implement OkHttp's {@code Interceptor}, extend Apache's
 * {@code HttpEntityWrapper}) cannot live in the agent's loader, which does not see the app's libraries. So
 * such helper classes, kept in one {@code appside} package per library, are defined in a small loader whose
 * parent is the app's loader that holds the library: they see the library at the app's version, the JDK and
 * the bridge, and nothing is added to the app's own loader. The agent calls their public static methods
 * (JDK types only) through method handles. The helpers are kept per library class (in a {@code ClassValue}, so
 * an app loader that goes away takes its helpers with it; a map keyed by loader would keep it alive through
 * the helpers' parent link).
 *
 * <p>The simpler alternatives do not hold up: reflection on every call is slow and breaks on Kotlin's
 * renamed accessors, and injecting into the app's loader leaves agent classes where the app can see them.
 */
public final class AppSideHelpers {
    private final List<String> packageNames;
    private final String entryClass;
    private final ClassValue<Class<?>> entryByLibraryClass = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> libraryClass) {
            try {
                return Class.forName(entryClass, true, new HelperLoader(libraryClass.getClassLoader(), packageNames));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the agent jar lacks its helper " + entryClass, e);
            }
        }
    };

    /**
     * {@code entryClass}: the helper class whose static methods the agent calls; its package holds the helpers.
     * {@code sharedPackages}: other {@code appside} packages whose helpers these use too (a library built on another,
     * e.g. Apache HttpAsyncClient on HttpClient 4's request types), defined in the same loader.
     */
    public AppSideHelpers(String entryClass, String... sharedPackages) {
        this.entryClass = entryClass;
        List<String> packages = new ArrayList<>(List.of(sharedPackages));
        packages.add(entryClass.substring(0, entryClass.lastIndexOf('.') + 1));
        this.packageNames = List.copyOf(packages);
    }

    /**
     * A public static method of the entry class, as defined next to {@code libraryClass} (a class of the library,
     * always the same one for a given use, so that one app loader gets one set of helpers).
     */
    public MethodHandle method(Class<?> libraryClass, String name, MethodType type) throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findStatic(entryByLibraryClass.get(libraryClass), name, type);
    }

    /** Defines the helper packages' classes from the agent's own class files; everything else comes from the app. */
    private static final class HelperLoader extends ClassLoader {
        private static final ClassLoader AGENT_LOADER = AppSideHelpers.class.getClassLoader();
        private final List<String> packageNames;

        HelperLoader(ClassLoader appLoader, List<String> packageNames) {
            super("synclog-helpers", appLoader);
            this.packageNames = packageNames;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (packageNames.stream().noneMatch(name::startsWith)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = define(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            try (InputStream in = AGENT_LOADER.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
