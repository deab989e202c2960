package dev.synclog.agent.instrumentation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

/**
 * Apache HttpClient's classic clients, 4.x and 5.x alike: every {@code execute} overload (with or without a
 * response handler, target host or context) ends in one {@code doExecute}; a client that wraps another calls it
 * again on the same thread, so a per-thread guard records the outer call only. The work on the library's types is
 * done by app-side helpers, one set per major version, each with the entry points {@code executing(target,
 * request)} and {@code executed(state, response, thrown)}.
 */
public final class ApacheClientCalls {
    private final String entryClass;
    private final AppSideHelpers helpers;

    /** The helpers' entry points, next to each client class. */
    private final ClassValue<Hooks> hooks = new ClassValue<>() {
        @Override
        protected Hooks computeValue(Class<?> clientClass) {
            try {
                return new Hooks(
                        helpers.method(clientClass, "executing", MethodType.methodType(Object.class, Object.class, Object.class)),
                        helpers.method(clientClass, "executed",
                                MethodType.methodType(void.class, Object.class, Object.class, Throwable.class)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the helpers " + entryClass + " next to " + clientClass.getName(), e);
            }
        }
    };

    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    /** {@code entryClass}: the helpers' class with the entry points, in its {@code appside} package. */
    public ApacheClientCalls(String entryClass) {
        this.entryClass = entryClass;
        this.helpers = new AppSideHelpers(entryClass);
    }

    public Object executing(Object client, Object target, Object request) throws Throwable {
        if (inside.get() != null) {
            return null;
        }
        Hooks clientHooks = hooks.get(client.getClass());
        Object state = clientHooks.executing.invoke(target, request);
        if (state == null) {
            return null;
        }
        inside.set(Boolean.TRUE);
        return new Pending(inside, clientHooks, state);
    }

    /** Completes what {@link #executing} of either version's calls started: the pending state knows its own. */
    public static void executed(Object pendingObject, Object response, Throwable thrown) throws Throwable {
        Pending pending = (Pending) pendingObject;
        pending.inside.remove();
        pending.hooks.executed.invoke(pending.state, response, thrown);
    }

    private record Hooks(MethodHandle executing, MethodHandle executed) {
    }

    private record Pending(ThreadLocal<Boolean> inside, Hooks hooks, Object state) {
    }
}
