package dev.synclog.agent.instrumentation.sdkmethod;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

import dev.synclog.agent.config.CallbackMethods;

/**
 * What each method of a callback interface does when the SDK calls it, for one endpoint's {@link CallbackMethods}:
 * decided once per interface, so that a call of the wrapper costs a map look-up, not a comparison of names. A method
 * the map lacks (one returning a value, or a {@code void} one not named when names are given) only reaches the app.
 */
final class CallbackRoles {
    enum Role {
        /** Reports the call's result: a non-null {@code Throwable} argument fails it, else its first other argument. */
        RESULT,
        /** Reports the call's failure: a non-null {@code Throwable} argument, else its first non-null argument. */
        FAILURE
    }

    private final ClassValue<Map<Method, Role>> byInterface;

    CallbackRoles(CallbackMethods names) {
        this.byInterface = new ClassValue<>() {
            @Override
            protected Map<Method, Role> computeValue(Class<?> type) {
                Map<Method, Role> roles = new HashMap<>();
                for (Method method : type.getMethods()) { // inherited ones too, as the proxy implements them
                    Role role = roleOf(names, method);
                    if (role != null) {
                        roles.put(method, role);
                    }
                }
                return Map.copyOf(roles);
            }
        };
    }

    /** Keyed by {@link Method#equals}: a proxy's methods are copies of those {@code type.getMethods()} returns. */
    Map<Method, Role> of(Class<?> type) {
        return byInterface.get(type);
    }

    private static Role roleOf(CallbackMethods names, Method method) {
        if (method.getReturnType() != void.class || Modifier.isStatic(method.getModifiers())) {
            return null;
        }
        if (!names.named()) {
            return Role.RESULT;
        }
        return method.getName().equals(names.result()) ? Role.RESULT
                : method.getName().equals(names.failure()) ? Role.FAILURE : null;
    }
}
