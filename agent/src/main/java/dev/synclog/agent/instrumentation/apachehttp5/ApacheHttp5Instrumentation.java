package dev.synclog.agent.instrumentation.apachehttp5;

import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import dev.synclog.agent.instrumentation.LibraryCheck;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Apache HttpClient 5, classic (blocking) API: {@code doExecute} of the library's own clients
 * ({@code InternalHttpClient}, {@code MinimalHttpClient}), which every {@code execute} and {@code executeOpen}
 * overload calls. The check lists what the advice and the app-side helpers use.
 */
public final class ApacheHttp5Instrumentation implements ClientInstrumentation {
    static final String CLIENT_CLASS = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";
    private static final String CLIENTS_PACKAGE = "org.apache.hc.client5.http.impl.classic.";
    private static final String CORE = "org.apache.hc.core5.http.";

    private static final LibraryCheck CHECK = new LibraryCheck("apache-http-client-5", CLIENT_CLASS, "Apache HttpClient 5.2 to 5.6",
            method(CLIENT_CLASS, "doExecute", CORE + "HttpHost", CORE + "ClassicHttpRequest", "org.apache.hc.core5.http.protocol.HttpContext"),
            method(CORE + "ClassicHttpRequest", "getEntity"),
            method(CORE + "ClassicHttpRequest", "setEntity", CORE + "HttpEntity"),
            method(CORE + "ClassicHttpRequest", "getUri"),
            method(CORE + "ClassicHttpRequest", "getRequestUri"),
            method(CORE + "ClassicHttpRequest", "getMethod"),
            method(CORE + "ClassicHttpResponse", "getCode"),
            method(CORE + "ClassicHttpResponse", "setEntity", CORE + "HttpEntity"),
            method(CORE + "HttpMessage", "getFirstHeader", "java.lang.String"),
            method(CORE + "HttpHost", "toURI"),
            method(CORE + "HttpEntity", "isRepeatable"),
            method(CORE + "HttpEntity", "writeTo", "java.io.OutputStream"),
            method(CORE + "HttpEntity", "getContent"),
            type(CORE + "io.entity.HttpEntityWrapper"));

    @Override
    public String name() {
        return "apache-http-client-5";
    }

    @Override
    public List<String> typeNames() {
        return List.of(CLIENTS_PACKAGE);
    }

    @Override
    public List<String> jarNamePrefixes() {
        return List.of("httpclient5-");
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(DoExecuteAdvice.class)
                .on(named("doExecute").and(takesArguments(3)).and(not(isAbstract())));
        return builder.type(CHECK.where(nameStartsWith(CLIENTS_PACKAGE)
                        .and(not(isAbstract())).and(hasSuperType(named(CLIENT_CLASS)))))
                .transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
