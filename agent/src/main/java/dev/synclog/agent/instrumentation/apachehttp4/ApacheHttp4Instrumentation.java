package dev.synclog.agent.instrumentation.apachehttp4;

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
 * Apache HttpClient 4.3 and later (classic, blocking): {@code doExecute} of the library's own clients
 * ({@code InternalHttpClient}, {@code MinimalHttpClient}, and the deprecated {@code AbstractHttpClient} under
 * {@code DefaultHttpClient}), which every {@code execute} overload calls. {@code CloseableHttpClient} and its
 * {@code doExecute} came with 4.3; 4.0 to 4.2 have neither. {@code AbstractHttpClient}, which every 4.x has, is
 * matched by name as well, so that such an older version is refused with its line when it loads, not silently.
 * The check lists what the advice and the app-side helpers use.
 */
public final class ApacheHttp4Instrumentation implements ClientInstrumentation {
    static final String CLIENT_CLASS = "org.apache.http.impl.client.CloseableHttpClient";
    private static final String CLIENTS_PACKAGE = "org.apache.http.impl.client.";
    private static final String ABSTRACT_CLIENT_CLASS = CLIENTS_PACKAGE + "AbstractHttpClient";
    private static final String CORE = "org.apache.http.";

    private static final LibraryCheck CHECK = new LibraryCheck("apache-http-client-4", "org.apache.http.client.HttpClient",
            "Apache HttpClient 4.3 to 4.5",
            method(CLIENT_CLASS, "doExecute", CORE + "HttpHost", CORE + "HttpRequest", CORE + "protocol.HttpContext"),
            method(CORE + "HttpRequest", "getRequestLine"),
            method(CORE + "RequestLine", "getMethod"),
            method(CORE + "RequestLine", "getUri"),
            method(CORE + "HttpEntityEnclosingRequest", "getEntity"),
            method(CORE + "HttpEntityEnclosingRequest", "setEntity", CORE + "HttpEntity"),
            method(CORE + "HttpResponse", "getStatusLine"),
            method(CORE + "StatusLine", "getStatusCode"),
            method(CORE + "HttpResponse", "getEntity"),
            method(CORE + "HttpResponse", "setEntity", CORE + "HttpEntity"),
            method(CORE + "HttpMessage", "getFirstHeader", "java.lang.String"),
            method(CORE + "HttpHost", "toURI"),
            method(CORE + "HttpEntity", "isRepeatable"),
            method(CORE + "HttpEntity", "writeTo", "java.io.OutputStream"),
            method(CORE + "HttpEntity", "getContent"),
            method(CORE + "HttpEntity", "getContentLength"),
            method(CORE + "HttpEntity", "getContentType"),
            method(CORE + "HttpEntity", "getContentEncoding"),
            type(CORE + "entity.HttpEntityWrapper"));

    @Override
    public String name() {
        return "apache-http-client-4";
    }

    @Override
    public List<String> typeNames() {
        return List.of(CLIENTS_PACKAGE);
    }

    @Override
    public List<String> jarNamePrefixes() {
        return List.of("httpclient-");
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(DoExecuteAdvice.class)
                .on(named("doExecute").and(takesArguments(3)).and(not(isAbstract())));
        return builder.type(CHECK.where(nameStartsWith(CLIENTS_PACKAGE).and(named(ABSTRACT_CLIENT_CLASS)
                        .or(not(isAbstract()).and(hasSuperType(named(CLIENT_CLASS)))))))
                .transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
