package dev.synclog.agent.instrumentation.sdkmethod;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.config.CallbackMethods;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.config.JavaMethodRule;
import dev.synclog.agent.instrumentation.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The methods of {@code java_method} endpoints. A class that never loads is never touched. Endpoints on the same
 * class share one transformation, so that each gets its advice.
 */
public final class SdkMethodInstrumentation implements ClientInstrumentation {
    private final List<EndpointRule> endpoints;

    /** @param endpoints the SDK method endpoints, in the order {@link SdkMethodCalls} indexes them */
    public SdkMethodInstrumentation(List<EndpointRule> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String name() {
        return "sdk-methods";
    }

    @Override
    public List<String> typeNames() {
        return endpoints.stream().map(e -> e.javaMethod().className()).distinct().toList();
    }

    /**
     * A class's transformation reads its own bytes (the methods' names, parameter types as its descriptors name them,
     * modifiers) and, per endpoint on it, the endpoint's index and method: what the value holds. A callback endpoint's
     * also reads its parameter type's class file (is it an interface?), so a class with one is not cached.
     */
    @Override
    public Map<String, Optional<String>> configuredClasses() {
        Map<String, Optional<String>> classes = new LinkedHashMap<>();
        endpointsByClass().forEach((className, indexes) -> {
            StringBuilder inputs = new StringBuilder();
            for (int index : indexes) {
                JavaMethodRule method = endpoints.get(index).javaMethod();
                if (method.hasCallback()) {
                    classes.put(className, Optional.empty());
                    return;
                }
                inputs.append("endpoint ").append(index).append(' ').append(method).append(';');
            }
            classes.put(className, Optional.of(inputs.toString()));
        });
        return classes;
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AgentBuilder result = builder;
        for (Map.Entry<String, List<Integer>> entry : endpointsByClass().entrySet()) {
            List<Integer> indexes = entry.getValue();
            result = result.type(named(entry.getKey())).transform((b, type, loader, module, domain) -> {
                var visited = b;
                for (int index : indexes) {
                    EndpointRule rule = endpoints.get(index);
                    ElementMatcher<MethodDescription> method = methodOf(rule.javaMethod());
                    String absent = absence(type, rule);
                    if (absent != null) {
                        AgentLog.warn(absent);
                    }
                    if (!rule.javaMethod().hasCallback()) {
                        visited = visited.visit(Advice.withCustomMapping().bind(EndpointIndex.class, index)
                                .to(SdkMethodAdvice.class).on(method));
                        continue;
                    }
                    // One visit per method: each binds its own callback parameter's type.
                    for (MethodDescription.InDefinedShape matched : type.getDeclaredMethods().filter(method)) {
                        String problem = callbackProblem(matched, rule);
                        if (problem != null) {
                            AgentLog.warn(problem);
                            continue;
                        }
                        visited = visited.visit(Advice.withCustomMapping().bind(EndpointIndex.class, index)
                                .bind(CallbackType.class, callbackTypeOf(matched, rule))
                                .to(SdkMethodCallbackAdvice.class).on(is(matched)));
                    }
                }
                return visited;
            });
        }
        return result;
    }

    private Map<String, List<Integer>> endpointsByClass() {
        Map<String, List<Integer>> endpointsByClass = new LinkedHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            endpointsByClass.computeIfAbsent(endpoints.get(i).javaMethod().className(), c -> new ArrayList<>()).add(i);
        }
        return endpointsByClass;
    }

    /**
     * What the agent says, at the class's load and in {@code check}, of the endpoint's method in {@code type}: it
     * is missing, or it is left alone for its callback parameter. Empty when the method is captured.
     */
    public static List<String> problems(TypeDescription type, EndpointRule rule) {
        String absent = absence(type, rule);
        if (absent != null) {
            return List.of(absent);
        }
        List<String> problems = new ArrayList<>();
        if (rule.javaMethod().hasCallback()) {
            for (MethodDescription.InDefinedShape matched : type.getDeclaredMethods().filter(methodOf(rule.javaMethod()))) {
                String problem = callbackProblem(matched, rule);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    /** A typo in the method's name or parameters would otherwise capture nothing without a word; null when present. */
    private static String absence(TypeDescription type, EndpointRule rule) {
        if (!type.getDeclaredMethods().filter(methodOf(rule.javaMethod())).isEmpty()) {
            return null;
        }
        List<String> sameName = new ArrayList<>();
        for (MethodDescription.InDefinedShape candidate : type.getDeclaredMethods().filter(named(rule.javaMethod().methodName()))) {
            sameName.add(candidate.getName() + "(" + String.join(", ", candidate.getParameters().asTypeList().asErasures()
                    .stream().map(TypeDescription::getActualName).toList()) + ")" + (candidate.isAbstract() ? " (abstract)" : ""));
        }
        return "endpoint '" + rule.name() + "': " + type.getName() + " has no method " + rule.javaMethod()
                + " with a body, so nothing is captured; " + (sameName.isEmpty() ? "check java_method.name"
                : "it has " + String.join(", ", sameName) + "; fix java_method.parameters")
                + " (for an interface or abstract class, name the class that implements the method)";
    }

    /**
     * Why a method with a callback parameter is left alone: it has no such parameter there, or the parameter's
     * interface lacks a method the endpoint names (recorded at its return, its rows would read as succeeded before
     * the destination answered; wrapped, its calls would wait for a report that never comes). Null when it is not.
     */
    private static String callbackProblem(MethodDescription method, EndpointRule rule) {
        TypeDescription type = callbackTypeOf(method, rule);
        int index = rule.javaMethod().callbackArgument();
        if (type == null || !type.isInterface()) {
            return "endpoint '" + rule.name() + "': " + signature(method) + " has " + (type == null
                    ? "no parameter " + index : "parameter " + index + " of type " + type.getActualName() + ", not an interface")
                    + ", so it is not captured; set response.callback_argument to the index of the callback interface"
                    + " parameter, or name the overload that has one with java_method.parameters";
        }
        List<String> missing = missingCallbackMethods(type, rule.javaMethod().callbackMethods());
        if (!missing.isEmpty()) {
            return "endpoint '" + rule.name() + "': the callback interface " + type.getActualName() + " of "
                    + signature(method) + " has no void method " + String.join(", ", missing) + ", so it is not captured;"
                    + " its void methods are " + String.join(", ", voidMethodsOf(type)) + "; name one of them in that key";
        }
        return null;
    }

    /** The type the method's callback parameter is declared as, which the agent's wrapper implements; null for none. */
    private static TypeDescription callbackTypeOf(MethodDescription method, EndpointRule rule) {
        int index = rule.javaMethod().callbackArgument();
        return index < method.getParameters().size() ? method.getParameters().get(index).getType().asErasure() : null;
    }

    /** The names the endpoint gives that are not {@code void} methods of the interface, each with its key. */
    private static List<String> missingCallbackMethods(TypeDescription callbackType, CallbackMethods names) {
        if (!names.named()) {
            return List.of();
        }
        Set<String> voidMethods = voidMethodsOf(callbackType);
        List<String> missing = new ArrayList<>();
        if (names.result() != null && !voidMethods.contains(names.result())) {
            missing.add(names.result() + " (response.callback_result)");
        }
        if (names.failure() != null && !voidMethods.contains(names.failure())) {
            missing.add(names.failure() + " (response.callback_failure)");
        }
        return missing;
    }

    /** The names of the interface's {@code void} instance methods, its own first, then those it inherits. */
    private static Set<String> voidMethodsOf(TypeDescription callbackType) {
        Set<String> names = new LinkedHashSet<>();
        Deque<TypeDescription> toVisit = new ArrayDeque<>(List.of(callbackType));
        while (!toVisit.isEmpty()) {
            TypeDescription type = toVisit.poll();
            for (MethodDescription.InDefinedShape candidate : type.getDeclaredMethods()) {
                if (candidate.isVirtual() && candidate.getReturnType().represents(void.class)) {
                    names.add(candidate.getName());
                }
            }
            toVisit.addAll(type.getInterfaces().asErasures());
        }
        return names;
    }

    /** {@code com.acme.Client#send(java.util.List, com.acme.Callback)}, as warnings name a method. */
    private static String signature(MethodDescription method) {
        return method.getDeclaringType().asErasure().getName() + "#" + method.getName() + "(" + String.join(", ",
                method.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getActualName).toList()) + ")";
    }

    private static ElementMatcher<MethodDescription> methodOf(JavaMethodRule rule) {
        ElementMatcher.Junction<MethodDescription> matcher = named(rule.methodName()).and(not(isAbstract()));
        if (rule.parameterTypes() != null) {
            matcher = matcher.and(takesArguments(rule.parameterTypes().size()));
            for (int i = 0; i < rule.parameterTypes().size(); i++) {
                matcher = matcher.and(takesArgument(i, named(rule.parameterTypes().get(i))));
            }
        }
        return matcher;
    }
}
