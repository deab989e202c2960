package dev.synclog.agent.instrumentation.runmethod;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.synclog.agent.config.RunMethod;
import dev.synclog.agent.instrumentation.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

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
        AsmVisitorWrapper advice = Advice.to(RunMethodAdvice.class).on(named(runMethod.methodName()).and(not(isAbstract())));
        return builder.type(named(runMethod.className())).transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
