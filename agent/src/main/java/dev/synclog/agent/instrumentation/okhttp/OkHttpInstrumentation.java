package dev.synclog.agent.instrumentation.okhttp;

import static dev.synclog.agent.instrumentation.LibraryCheck.method;
import static dev.synclog.agent.instrumentation.LibraryCheck.type;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.synclog.agent.instrumentation.ClientInstrumentation;
import dev.synclog.agent.instrumentation.LibraryCheck;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * OkHttp 4.x and 5.x: every client gets the capturing interceptor when it is built, so {@code execute} and
 * {@code enqueue} are both captured. The check lists what the advice and the app-side helpers use; OkHttp 3.12
 * and older lack {@code RequestBody.isOneShot()} and {@code isDuplex()}, without which a copying body could not
 * promise to be read as often as the app's.
 */
public final class OkHttpInstrumentation implements ClientInstrumentation {
    static final String CLIENT_CLASS = "okhttp3.OkHttpClient";
    static final String BUILDER_CLASS = "okhttp3.OkHttpClient$Builder";

    private static final LibraryCheck CHECK = new LibraryCheck("okhttp", CLIENT_CLASS, "OkHttp 4.x or 5.x",
            method(BUILDER_CLASS, "interceptors"),
            type("okhttp3.Interceptor"),
            method("okhttp3.Interceptor$Chain", "request"),
            method("okhttp3.Interceptor$Chain", "proceed", "okhttp3.Request"),
            method("okhttp3.Request", "newBuilder"),
            method("okhttp3.Request", "header", "java.lang.String"),
            method("okhttp3.Request$Builder", "method", "java.lang.String", "okhttp3.RequestBody"),
            method("okhttp3.RequestBody", "writeTo", "okio.BufferedSink"),
            method("okhttp3.RequestBody", "isOneShot"),
            method("okhttp3.RequestBody", "isDuplex"),
            method("okhttp3.Response", "peekBody", "long"),
            method("okio.Okio", "buffer", "okio.Sink"),
            method("okio.Okio", "sink", "java.io.OutputStream"),
            method("okio.Buffer", "copyTo", "java.io.OutputStream", "long", "long"),
            type("okio.ForwardingSink"));

    @Override
    public String name() {
        return "okhttp";
    }

    @Override
    public List<String> typeNames() {
        return List.of(CLIENT_CLASS);
    }

    @Override
    public List<String> jarNamePrefixes() {
        return List.of("okhttp-");
    }

    @Override
    public AgentBuilder install(AgentBuilder builder) {
        AsmVisitorWrapper advice = Advice.to(OkHttpClientAdvice.class)
                .on(isConstructor().and(takesArguments(1)).and(takesArgument(0, named(BUILDER_CLASS))));
        return builder.type(CHECK.where(named(CLIENT_CLASS))).transform((b, type, loader, module, domain) -> b.visit(advice));
    }
}
