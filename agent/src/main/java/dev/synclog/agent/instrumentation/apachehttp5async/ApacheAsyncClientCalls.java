package dev.synclog.agent.instrumentation.apachehttp5async;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.function.BiConsumer;

import dev.synclog.agent.instrumentation.AppSideHelpers;

/**
 * Hands each async {@code doExecute} to the app-side helpers, defined once per app loader next to the library's
 * {@code CloseableHttpAsyncClient} (whichever client subclass runs).
 */
public final class ApacheAsyncClientCalls {
    private static final String HOOKS = "dev.synclog.agent.instrumentation.apachehttp5async.appside.AsyncHooks";

    private final AppSideHelpers helpers = new AppSideHelpers(HOOKS);
    private final ClassValue<MethodHandle> executing = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> clientClass) {
            try {
                return helpers.method(baseClass(clientClass), "executing",
                        MethodType.methodType(Object[].class, Object.class, Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the helpers " + HOOKS + " next to " + clientClass.getName(), e);
            }
        }
    };

    /** Returns {@code {requestProducer, responseConsumer, exchange}} for the client to use, or null. */
    public Object[] executing(Object client, Object target, Object requestProducer, Object responseConsumer) throws Throwable {
        return (Object[]) executing.get(client.getClass()).invoke(target, requestProducer, responseConsumer);
    }

    /**
     * doExecute returned its future (or threw). The exchange, an app-side helper, takes that as a JDK
     * {@code BiConsumer}: doExecute reports some failures (the client closed, the producer threw) only in the future.
     */
    @SuppressWarnings("unchecked")
    public static void executed(Object exchange, Object future, Throwable thrown) {
        ((BiConsumer<Object, Throwable>) exchange).accept(future, thrown);
    }

    private static Class<?> baseClass(Class<?> clientClass) {
        for (Class<?> c = clientClass; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(ApacheHttp5AsyncInstrumentation.CLIENT_CLASS)) {
                return c;
            }
        }
        return clientClass;
    }
}
