package dev.synclog.agent.instrumentation.okhttp;

import java.lang.invoke.MethodType;

import dev.synclog.agent.instrumentation.AppSideHelpers;

/** Adds the capturing interceptor (an app-side helper) to each client being built. */
public final class OkHttpClients {
    private static final AppSideHelpers HELPERS =
            new AppSideHelpers("dev.synclog.agent.instrumentation.okhttp.appside.OkHttpHooks");

    public void building(Object builder) throws Throwable {
        HELPERS.method(builder.getClass(), "addInterceptor", MethodType.methodType(void.class, Object.class))
                .invoke(builder);
    }
}
