package dev.synclog.agent.instrumentation.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code java.net.http.HttpClient}. Every public send and sendAsync of the JDK's implementation ends in one
 * private four-argument {@code sendAsync}: instrumenting that one records each call exactly once.
 */
public final class JdkHttpClientInstrumentation implements ClientInstrumentation {
    static final String CLIENT_CLASS = "jdk.internal.net.http.HttpClientImpl";

    @Override
    public String name() {
        return "java-http-client";
    }

    @Override
    public List<String> typeNames() {
        return List.of(CLIENT_CLASS);
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(SendAsyncAdvice.class).on(named("sendAsync").and(takesArguments(4)));
        return builder.type(named(CLIENT_CLASS)).transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
