package dev.synclog.agent.config;

import java.util.List;

/**
 * Which Java method an SDK endpoint captures, and which of its arguments holds the rows.
 *
 * @param className      the class whose own code has the method (nested classes as {@code Outer$Inner})
 * @param methodName     the method's name
 * @param parameterTypes erased parameter type names ({@code java.util.List}, {@code com.acme.Contact[]}, {@code int});
 *                       null = every method of that name (overloads included)
 * @param argument       the 0-based index of the argument holding the rows
 * @param callbackArgument the 0-based index of the argument the method reports its result to (an interface the agent
 *                       wraps), or {@link #NO_CALLBACK} when the result is the return value (or the future returned)
 * @param callbackMethods which of the callback's methods report the outcome; {@link CallbackMethods#ANY_VOID} without
 *                       a callback
 */
public record JavaMethodRule(String className, String methodName, List<String> parameterTypes, int argument,
                             int callbackArgument, CallbackMethods callbackMethods) {
    public static final int NO_CALLBACK = -1;

    private static final String TYPE_NAME = RunMethod.JAVA_NAME + "(\\." + RunMethod.JAVA_NAME + ")*(\\[])*";

    /** Whether {@code text} is a parameter type as written in the config: an erased name, arrays as {@code []}. */
    static boolean isTypeName(String text) {
        return text.matches(TYPE_NAME);
    }

    static boolean isClassName(String text) {
        return text.matches(RunMethod.JAVA_NAME + "(\\." + RunMethod.JAVA_NAME + ")*");
    }

    public boolean hasCallback() {
        return callbackArgument != NO_CALLBACK;
    }

    /** The URL the call is recorded under: {@code java:com.acme.crm.ContactsApi#batchUpsert}. */
    public String url() {
        return "java:" + className + "#" + methodName;
    }

    @Override
    public String toString() {
        return className + "#" + methodName + (parameterTypes == null ? "" : "(" + String.join(", ", parameterTypes) + ")");
    }
}
