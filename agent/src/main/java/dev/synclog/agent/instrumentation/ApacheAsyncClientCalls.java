package dev.synclog.agent.instrumentation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.function.BiConsumer;

/**
 * Apache's async clients, HttpAsyncClient 4.1 and HttpClient 5's async API alike: where every {@code execute}
 * overload ends, the app's request producer and response consumer are swapped for copying wrappers made by app-side
 * helpers, one set per major version, each with the entry point {@code executing(target, producer, consumer)}
 * returning {@code {producer, consumer, outcome}}. The outcome, a JDK {@code BiConsumer}, is told what that
 * {@code execute} returned or threw: some failures (a client not started, a producer that threw) show only there.
 */
public final class ApacheAsyncClientCalls {
    private final String entryClass;
    private final String libraryClass;
    private final AppSideHelpers helpers;

    /** The helpers' entry point, defined once per app loader next to the library's client base class. */
    private final ClassValue<MethodHandle> executing = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> clientClass) {
            try {
                return helpers.method(libraryClass(clientClass), "executing",
                        MethodType.methodType(Object[].class, Object.class, Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the helpers " + entryClass + " next to " + clientClass.getName(), e);
            }
        }
    };

    /**
     * {@code entryClass}: the helpers' class with the entry point, in its {@code appside} package;
     * {@code libraryClass}: the client base class every captured client extends; {@code sharedPackages}: other
     * helper packages these helpers use.
     */
    public ApacheAsyncClientCalls(String entryClass, String libraryClass, String... sharedPackages) {
        this.entryClass = entryClass;
        this.libraryClass = libraryClass;
        this.helpers = new AppSideHelpers(entryClass, sharedPackages);
    }

    /** {@code {producer, consumer, outcome}} for the client to use instead of the app's, or null. */
    public Object[] executing(Object client, Object target, Object producer, Object consumer) throws Throwable {
        return (Object[]) executing.get(client.getClass()).invoke(target, producer, consumer);
    }

    /** {@code execute} returned {@code future} (or threw): the outcome {@link #executing} handed out is told. */
    @SuppressWarnings("unchecked")
    public static void executed(Object outcome, Object future, Throwable thrown) {
        ((BiConsumer<Object, Throwable>) outcome).accept(future, thrown);
    }

    private Class<?> libraryClass(Class<?> clientClass) {
        for (Class<?> c = clientClass; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(libraryClass)) {
                return c;
            }
        }
        return clientClass;
    }
}
