package dev.synclog.agent.instrumentation.runmethod;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.synclog.agent.AgentLog;
import dev.synclog.agent.config.RunMethod;
import dev.synclog.agent.instrumentation.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The configured run method: each invocation (outermost, on its thread) is one run. */
public final class RunMethodInstrumentation implements ClientInstrumentation {
    private final RunMethod runMethod;

    public RunMethodInstrumentation(RunMethod runMethod) {
        this.runMethod = runMethod;
    }

    @Override
    public String name() {
        return "run-method";
    }

    @Override
    public List<String> typeNames() {
        return List.of(runMethod.className());
    }

    /** The advice goes into the methods of that name with a body; it reads nothing else but the class's bytes. */
    @Override
    public Map<String, Optional<String>> configuredClasses() {
        return Map.of(runMethod.className(), Optional.of("method " + runMethod.methodName()));
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(RunMethodAdvice.class).on(methodOf(runMethod));
        return builder.type(named(runMethod.className())).transform((b, type, loader, module, domain) -> {
            String absent = absence(type, runMethod);
            if (absent != null) {
                AgentLog.warn(absent);
            }
            return b.visit(advice);
        });
    }

    /**
     * What the agent says when the run method's class has no such method with a body (a typo in its name would
     * otherwise leave the process's life one run without a word), at the class's load and in {@code check}; null
     * when it has one.
     */
    public static String absence(TypeDescription type, RunMethod runMethod) {
        if (!type.getDeclaredMethods().filter(methodOf(runMethod)).isEmpty()) {
            return null;
        }
        List<String> names = type.getDeclaredMethods().filter(not(isAbstract()).and(not(isConstructor()))
                .and(not(isTypeInitializer())).and(not(isSynthetic()))).stream().map(MethodDescription::getName)
                .distinct().toList();
        return "runs.method: " + type.getName() + " has no method '" + runMethod.methodName() + "' with a body,"
                + " so no run starts there and the process's life is one run; " + (names.isEmpty()
                ? "it declares no method with a body" : "it declares " + String.join(", ", names))
                + "; fix runs.method (for an interface or abstract class, or a method it inherits, name the class"
                + " that declares the method's body)";
    }

    private static ElementMatcher.Junction<MethodDescription> methodOf(RunMethod runMethod) {
        return named(runMethod.methodName()).and(not(isAbstract()));
    }
}
