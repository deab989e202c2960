package dev.synclog.agent.instrumentation.sdkmethod;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.synclog.agent.AgentLog;
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

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        Map<String, List<Integer>> endpointsByClass = new LinkedHashMap<>();
        for (int i = 0; i < endpoints.size(); i++) {
            endpointsByClass.computeIfAbsent(endpoints.get(i).javaMethod().className(), c -> new ArrayList<>()).add(i);
        }
        AgentBuilder result = builder;
        for (Map.Entry<String, List<Integer>> entry : endpointsByClass.entrySet()) {
            List<Integer> indexes = entry.getValue();
            result = result.type(named(entry.getKey())).transform((b, type, loader, module, domain) -> {
                var visited = b;
                for (int index : indexes) {
                    ElementMatcher<MethodDescription> method = methodOf(endpoints.get(index).javaMethod());
                    warnWhenAbsent(type, method, endpoints.get(index));
                    visited = visited.visit(Advice.withCustomMapping().bind(EndpointIndex.class, index)
                            .to(SdkMethodAdvice.class).on(method));
                }
                return visited;
            });
        }
        return result;
    }

    /** A typo in the method's name or parameters would otherwise capture nothing without a word. */
    private static void warnWhenAbsent(TypeDescription type, ElementMatcher<MethodDescription> method, EndpointRule rule) {
        if (!type.getDeclaredMethods().filter(method).isEmpty()) {
            return;
        }
        List<String> sameName = new ArrayList<>();
        for (MethodDescription.InDefinedShape candidate : type.getDeclaredMethods().filter(named(rule.javaMethod().methodName()))) {
            sameName.add(candidate.getName() + "(" + String.join(", ", candidate.getParameters().asTypeList().asErasures()
                    .stream().map(TypeDescription::getActualName).toList()) + ")" + (candidate.isAbstract() ? " (abstract)" : ""));
        }
        AgentLog.warn("endpoint '" + rule.name() + "': " + type.getName() + " has no method " + rule.javaMethod()
                + " with a body, so nothing is captured; " + (sameName.isEmpty() ? "check java_method.name"
                : "it has " + String.join(", ", sameName) + "; fix java_method.parameters")
                + " (for an interface or abstract class, name the class that implements the method)");
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
