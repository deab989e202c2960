package dev.synclog.agent.instrumentation.apachehttp4async;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

import dev.synclog.agent.instrumentation.AppSideHelpers;

/** Hands a matched {@code execute}'s producer and consumer to the app-side helpers, which return copying ones. */
public final class ApacheAsyncClientCalls {
    private static final String ENTRY_CLASS = "dev.synclog.agent.instrumentation.apachehttp4async.appside.AsyncHooks";
    private final AppSideHelpers helpers =
            new AppSideHelpers(ENTRY_CLASS, "dev.synclog.agent.instrumentation.apachehttp4.appside.");

    /** The helpers' entry point, next to each client class. */
    private final ClassValue<MethodHandle> executing = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> clientClass) {
            try {
                return helpers.method(clientClass, "executing",
                        MethodType.methodType(Object[].class, Object.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the helpers " + ENTRY_CLASS + " next to " + clientClass.getName(), e);
            }
        }
    };

    /** {@code {producer, consumer, call}} to use instead of the app's, or null when the call is not captured. */
    public Object[] executing(Object client, Object producer, Object consumer) throws Throwable {
        return (Object[]) executing.get(client.getClass()).invoke(producer, consumer);
    }
}
