package dev.synclog.agent.instrumentation.apachehttp4async;

import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import dev.synclog.agent.instrumentation.LibraryCheck;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * Apache HttpAsyncClient 4.1 (the transport of Elasticsearch's and OpenSearch's low-level REST clients):
 * {@code execute(producer, consumer, context, callback)} of the library's own clients ({@code InternalHttpAsyncClient},
 * {@code MinimalHttpAsyncClient}), where every other {@code execute} overload ends. The check lists what the advice
 * and the app-side helpers use, of httpasyncclient, httpcore-nio and httpcore.
 */
public final class ApacheHttpAsync4Instrumentation implements ClientInstrumentation {
    private static final String CLIENTS_PACKAGE = "org.apache.http.impl.nio.client.";
    public static final String CLIENT_CLASS = CLIENTS_PACKAGE + "CloseableHttpAsyncClient";
    private static final String CORE = "org.apache.http.";
    private static final String NIO = CORE + "nio.";
    private static final String PRODUCER = NIO + "protocol.HttpAsyncRequestProducer";
    private static final String CONSUMER = NIO + "protocol.HttpAsyncResponseConsumer";
    private static final String CONTEXT = CORE + "protocol.HttpContext";
    private static final String ENCODER = NIO + "ContentEncoder";
    private static final String DECODER = NIO + "ContentDecoder";
    private static final String IO_CONTROL = NIO + "IOControl";

    private static final LibraryCheck CHECK = new LibraryCheck("apache-http-async-client-4", CLIENT_CLASS, "Apache HttpAsyncClient 4.1",
            method(CLIENT_CLASS, "execute", PRODUCER, CONSUMER, CONTEXT, CORE + "concurrent.FutureCallback"),
            type(NIO + "protocol.BasicAsyncRequestProducer"),
            method(PRODUCER, "getTarget"),
            method(PRODUCER, "generateRequest"),
            method(PRODUCER, "produceContent", ENCODER, IO_CONTROL),
            method(PRODUCER, "requestCompleted", CONTEXT),
            method(PRODUCER, "failed", "java.lang.Exception"),
            method(PRODUCER, "isRepeatable"),
            method(PRODUCER, "resetRequest"),
            method(CONSUMER, "responseReceived", CORE + "HttpResponse"),
            method(CONSUMER, "consumeContent", DECODER, IO_CONTROL),
            method(CONSUMER, "responseCompleted", CONTEXT),
            method(CONSUMER, "failed", "java.lang.Exception"),
            method(CONSUMER, "getException"),
            method(CONSUMER, "getResult"),
            method(CONSUMER, "isDone"),
            method(CONSUMER, "cancel"),
            method(ENCODER, "write", "java.nio.ByteBuffer"),
            method(ENCODER, "complete"),
            method(ENCODER, "isCompleted"),
            method(DECODER, "read", "java.nio.ByteBuffer"),
            method(DECODER, "isCompleted"),
            type(NIO + "FileContentDecoder"),
            method(CORE + "HttpRequest", "getRequestLine"),
            method(CORE + "RequestLine", "getMethod"),
            method(CORE + "RequestLine", "getUri"),
            method(CORE + "HttpEntityEnclosingRequest", "getEntity"),
            method(CORE + "HttpResponse", "getStatusLine"),
            method(CORE + "StatusLine", "getStatusCode"),
            method(CORE + "HttpResponse", "getEntity"),
            method(CORE + "HttpMessage", "getFirstHeader", "java.lang.String"),
            method(CORE + "HttpHost", "toURI"),
            method(CORE + "HttpEntity", "isRepeatable"),
            method(CORE + "HttpEntity", "writeTo", "java.io.OutputStream"),
            method(CORE + "HttpEntity", "getContentLength"),
            method(CORE + "HttpEntity", "getContentType"),
            method(CORE + "HttpEntity", "getContentEncoding"));

    @Override
    public String name() {
        return "apache-http-async-client-4";
    }

    @Override
    public List<String> typeNames() {
        return List.of(CLIENTS_PACKAGE);
    }

    @Override
    public List<String> jarNamePrefixes() {
        return List.of("httpasyncclient-");
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(ExecuteAdvice.class).on(named("execute").and(takesArguments(4))
                .and(takesArgument(0, named(PRODUCER))).and(takesArgument(1, named(CONSUMER))).and(not(isAbstract())));
        return builder.type(CHECK.where(nameStartsWith(CLIENTS_PACKAGE).and(not(isAbstract()))
                        .and(hasSuperType(named(CLIENT_CLASS)))))
                .transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
