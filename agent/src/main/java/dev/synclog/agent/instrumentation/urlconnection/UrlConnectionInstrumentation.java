package dev.synclog.agent.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The JDK's {@code HttpURLConnection} (what many vendor SDKs use). HTTPS connections delegate to a subclass
 * of the same class, so instrumenting it covers both.
 */
public final class UrlConnectionInstrumentation implements ClientInstrumentation {
    static final String CONNECTION_CLASS = "sun.net.www.protocol.http.HttpURLConnection";

    @Override
    public String name() {
        return "http-url-connection";
    }

    @Override
    public List<String> typeNames() {
        return List.of(CONNECTION_CLASS);
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = new AsmVisitorWrapper.Compound(
                Advice.to(GetOutputStreamAdvice.class).on(named("getOutputStream").and(takesArguments(0))),
                Advice.to(GetInputStreamAdvice.class).on(named("getInputStream").and(takesArguments(0))),
                Advice.to(GetErrorStreamAdvice.class).on(named("getErrorStream").and(takesArguments(0))),
                Advice.to(DisconnectAdvice.class).on(named("disconnect").and(takesArguments(0))));
        return builder.type(named(CONNECTION_CLASS)).transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
