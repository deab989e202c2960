package dev.synclog.agent.instrumentation.apachehttp5async;

import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import dev.synclog.agent.instrumentation.LibraryCheck;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Apache HttpClient 5, async API: {@code doExecute} of the two bases of the library's own async clients
 * ({@code InternalAbstractHttpAsyncClient}: {@code HttpAsyncClients.createDefault()}, {@code custom().build()}, the
 * HTTP/2 one; {@code AbstractMinimalHttpAsyncClientBase}: the minimal ones), which every {@code execute} overload
 * calls. The check lists what the advice and the app-side helpers use.
 */
public final class ApacheHttp5AsyncInstrumentation implements ClientInstrumentation {
    public static final String CLIENT_CLASS = "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient";
    private static final String CLIENTS = "org.apache.hc.client5.http.impl.async.";
    private static final List<String> CLIENT_BASES = List.of(CLIENTS + "InternalAbstractHttpAsyncClient",
            CLIENTS + "AbstractMinimalHttpAsyncClientBase");
    private static final String CORE = "org.apache.hc.core5.http.";
    private static final String NIO = CORE + "nio.";
    private static final String CONTEXT = CORE + "protocol.HttpContext";
    private static final String SIMPLE = "org.apache.hc.client5.http.async.methods.Simple";

    private static final LibraryCheck CHECK = new LibraryCheck("apache-http-client-5-async", CLIENT_CLASS,
            "Apache HttpClient 5.2 to 5.6",
            method(CLIENT_CLASS, "doExecute", CORE + "HttpHost", NIO + "AsyncRequestProducer", NIO + "AsyncResponseConsumer",
                    NIO + "HandlerFactory", CONTEXT, "org.apache.hc.core5.concurrent.FutureCallback"),
            method(NIO + "AsyncRequestProducer", "sendRequest", NIO + "RequestChannel", CONTEXT),
            method(NIO + "AsyncRequestProducer", "isRepeatable"),
            method(NIO + "AsyncRequestProducer", "failed", "java.lang.Exception"),
            method(NIO + "AsyncRequestProducer", "available"),
            method(NIO + "AsyncRequestProducer", "produce", NIO + "DataStreamChannel"),
            method(NIO + "AsyncRequestProducer", "releaseResources"),
            method(NIO + "RequestChannel", "sendRequest", CORE + "HttpRequest", CORE + "EntityDetails", CONTEXT),
            method(NIO + "DataStreamChannel", "requestOutput"),
            method(NIO + "DataStreamChannel", "write", "java.nio.ByteBuffer"),
            method(NIO + "DataStreamChannel", "endStream", "java.util.List"),
            method(NIO + "DataStreamChannel", "endStream"),
            method(NIO + "AsyncResponseConsumer", "consumeResponse", CORE + "HttpResponse", CORE + "EntityDetails", CONTEXT,
                    "org.apache.hc.core5.concurrent.FutureCallback"),
            method(NIO + "AsyncResponseConsumer", "informationResponse", CORE + "HttpResponse", CONTEXT),
            method(NIO + "AsyncResponseConsumer", "failed", "java.lang.Exception"),
            method(NIO + "AsyncResponseConsumer", "updateCapacity", NIO + "CapacityChannel"),
            method(NIO + "AsyncResponseConsumer", "consume", "java.nio.ByteBuffer"),
            method(NIO + "AsyncResponseConsumer", "streamEnd", "java.util.List"),
            method(NIO + "AsyncResponseConsumer", "releaseResources"),
            method(CORE + "HttpRequest", "getUri"),
            method(CORE + "HttpRequest", "getRequestUri"),
            method(CORE + "HttpRequest", "getMethod"),
            method(CORE + "HttpResponse", "getCode"),
            method(CORE + "HttpMessage", "getFirstHeader", "java.lang.String"),
            method(CORE + "EntityDetails", "getContentType"),
            method(CORE + "EntityDetails", "getContentEncoding"),
            method(CORE + "EntityDetails", "getContentLength"),
            method(CORE + "HttpHost", "toURI"),
            method(SIMPLE + "HttpRequest", "getBody"),
            method(SIMPLE + "Body", "isBytes"),
            method(SIMPLE + "Body", "getBodyBytes"),
            type("org.apache.hc.core5.concurrent.FutureCallback"));

    @Override
    public String name() {
        return "apache-http-client-5-async";
    }

    @Override
    public List<String> typeNames() {
        return CLIENT_BASES;
    }

    @Override
    public List<String> jarNamePrefixes() {
        return List.of("httpclient5-");
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(DoExecuteAdvice.class).on(named("doExecute").and(takesArguments(6)));
        return builder.type(CHECK.where(named(CLIENT_BASES.get(0)).or(named(CLIENT_BASES.get(1)))))
                .transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
