package dev.synclog.agent.instrumentation.okhttp.appside;

import java.util.List;

import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** What the agent calls in the app's class loader (see {@code AppSideHelpers}); JDK types only in signatures. */
public final class OkHttpHooks {
    private OkHttpHooks() {
    }

    /**
     * Puts the capturing interceptor last among the application interceptors, so it sees each call once (not
     * each redirect or retry) and the request as the app's own interceptors left it (gzip'd by an SDK's
     * compressing interceptor). A builder copied from a built client ({@code newBuilder()}) already holds it:
     * removing it first keeps one, at the end.
     */
    public static void addInterceptor(Object builder) {
        List<Interceptor> interceptors = ((OkHttpClient.Builder) builder).interceptors();
        interceptors.remove(CaptureInterceptor.INSTANCE);
        interceptors.add(CaptureInterceptor.INSTANCE);
    }
}
