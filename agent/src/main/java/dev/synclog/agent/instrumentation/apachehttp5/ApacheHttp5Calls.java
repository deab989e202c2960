package dev.synclog.agent.instrumentation.apachehttp5;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

import dev.synclog.agent.instrumentation.AppSideHelpers;

/**
 * Every {@code execute} overload (with or without a response handler, target host or context) ends in one
 * {@code doExecute}; a client that wraps another calls it again on the same thread, so a per-thread guard
 * records the outer call only. The work on the library's types is done by app-side helpers.
 */
public final class ApacheHttp5Calls {
    private static final AppSideHelpers HELPERS =
            new AppSideHelpers("dev.synclog.agent.instrumentation.apachehttp5.appside.ApacheHooks");

    /** The helpers' entry points, next to each client class. */
    private static final ClassValue<Hooks> HOOKS = new ClassValue<>() {
        @Override
        protected Hooks computeValue(Class<?> clientClass) {
            try {
                return new Hooks(
                        HELPERS.method(clientClass, "executing", MethodType.methodType(Object.class, Object.class, Object.class)),
                        HELPERS.method(clientClass, "executed",
                                MethodType.methodType(void.class, Object.class, Object.class, Throwable.class)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the Apache HttpClient 5 helpers", e);
            }
        }
    };

    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    public Object executing(Object client, Object target, Object request) throws Throwable {
        if (inside.get() != null) {
            return null;
        }
        Hooks hooks = HOOKS.get(client.getClass());
        Object state = hooks.executing.invoke(target, request);
        if (state == null) {
            return null;
        }
        inside.set(Boolean.TRUE);
        return new Pending(hooks, state);
    }

    public void executed(Object pendingObject, Object response, Throwable thrown) throws Throwable {
        inside.remove();
        Pending pending = (Pending) pendingObject;
        pending.hooks.executed.invoke(pending.state, response, thrown);
    }

    private record Hooks(MethodHandle executing, MethodHandle executed) {
    }

    private record Pending(Hooks hooks, Object state) {
    }
}
