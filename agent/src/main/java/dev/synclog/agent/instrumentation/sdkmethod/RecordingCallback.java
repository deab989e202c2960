package dev.synclog.agent.instrumentation.sdkmethod;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;

import dev.synclog.agent.AgentLog;

/**
 * What an SDK method gets in place of the app's callback argument: a {@link Proxy} implementing the parameter's declared
 * interface, defined in that interface's class loader. When the SDK calls one of its methods that reports ({@link
 * CallbackRoles}: by default any {@code void} one; else the named result and failure methods), the call is reported
 * first (a non-null {@code Throwable} argument fails it; else a result method's first argument whose declared type is
 * not a {@code Throwable} is its result, as a future's value is, and a failure method's first non-null argument is
 * the failure it reports), then the app's callback gets the very same call, on the same thread, its return value and
 * exceptions reaching the SDK as before. Other methods only reach the app's callback. A {@code null} callback gets a
 * wrapper that only reports; the SDK then calls it where it would have skipped a null one. Only the first report counts
 * ({@link AwaitedCalls} claims a call once), so a callback called twice, or after the method threw, records nothing more.
 */
final class RecordingCallback implements InvocationHandler {
    /** Told the outcome, with the key the call waits under: never throws (the SDK's thread must not see the agent). */
    interface Reported {
        /** @param valueIsFailure whether {@code value} is a failure the SDK reported as an object, not a result */
        void completed(long key, Object value, Throwable failure, boolean valueIsFailure);
    }

    private final Class<?> type;
    /** The app's callback, or null. */
    private final Object target;
    private final Reported reported;
    /** The methods of {@link #type} that report, and how. */
    private final Map<Method, CallbackRoles.Role> roles;
    private final Object proxy;
    /** Set once, before the proxy is handed to the SDK (which publishes it to its own threads). */
    private long key;

    RecordingCallback(Class<?> type, Map<Method, CallbackRoles.Role> roles, Object target, Reported reported) {
        this.type = type;
        this.target = target;
        this.reported = reported;
        this.roles = roles;
        this.proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this);
    }

    void awaits(long key) {
        this.key = key;
    }

    Object proxy() {
        return proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(self, method, args);
        }
        CallbackRoles.Role role = roles.get(method);
        if (role != null) {
            report(role, method, args);
        }
        if (target == null) {
            return zeroOf(method.getReturnType());
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            method.setAccessible(true); // the app's own package-private interface: the proxy lives beside it
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // what the app's callback threw, as the SDK would have got it
        }
    }

    private void report(CallbackRoles.Role role, Method method, Object[] args) {
        try {
            boolean failureMethod = role == CallbackRoles.Role.FAILURE;
            Throwable failure = null;
            Object value = null;
            boolean valueSeen = false;
            Class<?>[] parameters = method.getParameterTypes();
            for (int i = 0; i < parameters.length; i++) {
                if (args[i] instanceof Throwable thrown) {
                    failure = failure == null ? thrown : failure;
                } else if (!valueSeen && (failureMethod ? args[i] != null : !Throwable.class.isAssignableFrom(parameters[i]))) {
                    value = args[i];
                    valueSeen = true;
                }
            }
            reported.completed(key, failure == null ? value : null, failure, failure == null && failureMethod);
        } catch (Throwable t) {
            AgentLog.failure("reading the arguments of the callback passed to an SDK method", t);
        }
    }

    /**
     * As the app's callback answers them, so that an SDK that logs or hashes its callbacks sees the same; for a null
     * one, as {@code String.valueOf} and {@code Objects.hashCode} read null (Kafka logs the callback at trace level).
     */
    private Object objectMethod(Object self, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> self == args[0] || (target != null && target.equals(args[0]));
            case "hashCode" -> Objects.hashCode(target);
            default -> String.valueOf(target); // toString
        };
    }

    /** What a primitive method returns for the null callback the SDK never calls otherwise: its zero, not an NPE. */
    private static Object zeroOf(Class<?> type) {
        return type.isPrimitive() && type != void.class ? Array.get(Array.newInstance(type, 1), 0) : null;
    }
}
