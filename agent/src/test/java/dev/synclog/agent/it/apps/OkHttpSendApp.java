package dev.synclog.agent.it.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;

/**
 * A sync service on OkHttp, written against the API that OkHttp 3.12 to 5.x share (the tests run it with each
 * version on the class path). Sends one body per mode, in order, and prints what it read back.
 * Args: url contentType bodyFile mode... where mode is sync, async, sync-gzip or async-gzip (gzip: the request
 * body is compressed by an application interceptor, as OkHttp-based SDKs do). A {@code {n}} in the body is the
 * call's number.
 */
public final class OkHttpSendApp {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        MediaType type = MediaType.parse(args[1]);
        String template = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        OkHttpClient plain = new OkHttpClient();
        // Derived from the first client, as SDKs often do: it shares the first one's pool and interceptors.
        OkHttpClient gzip = plain.newBuilder().addInterceptor(new GzipRequestInterceptor()).build();
        for (int n = 0; n + 3 < args.length; n++) {
            String mode = args[n + 3];
            OkHttpClient client = mode.endsWith("-gzip") ? gzip : plain;
            Request.Builder builder = new Request.Builder().url(url).header("Authorization", "Bearer sk_live_TOPSECRET_TOKEN")
                    .post(RequestBody.create(type, template.replace("{n}", Integer.toString(n)).getBytes(StandardCharsets.UTF_8)));
            if (OperationHeader.of(n) != null) {
                builder.header(OperationHeader.NAME, OperationHeader.of(n));
            }
            Request request = builder.build();
            String result;
            try {
                result = mode.startsWith("async") ? enqueue(client.newCall(request)).join() : describe(client.newCall(request).execute());
            } catch (Exception e) {
                result = "ERROR " + e.getClass().getName();
            }
            System.out.println(mode + " " + result);
        }
        for (OkHttpClient client : new OkHttpClient[] {plain, gzip}) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static CompletableFuture<String> enqueue(Call call) {
        CompletableFuture<String> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.complete("ERROR " + e.getClass().getName());
            }

            @Override
            public void onResponse(Call c, Response response) {
                try {
                    result.complete(describe(response));
                } catch (IOException e) {
                    result.complete("ERROR reading the body: " + e);
                }
            }
        });
        return result;
    }

    /** The app reads the whole body itself: it must be all there with the agent attached. */
    private static String describe(Response response) throws IOException {
        try (Response r = response) {
            return "RESPONSE " + r.code() + " " + Base64.getEncoder().encodeToString(r.body().bytes());
        }
    }

    /** OkHttp's own recipe, as SDKs use it: the body is gzip'd on the way out, with its length unknown. */
    static final class GzipRequestInterceptor implements Interceptor {
        @Override
        public Response intercept(Chain chain) throws IOException {
            Request original = chain.request();
            if (original.body() == null || original.header("Content-Encoding") != null) {
                return chain.proceed(original);
            }
            return chain.proceed(original.newBuilder().header("Content-Encoding", "gzip")
                    .method(original.method(), gzip(original.body())).build());
        }

        private static RequestBody gzip(RequestBody body) {
            return new RequestBody() {
                @Override
                public MediaType contentType() {
                    return body.contentType();
                }

                @Override
                public long contentLength() {
                    return -1;
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    BufferedSink gzipSink = Okio.buffer(new GzipSink(sink));
                    body.writeTo(gzipSink);
                    gzipSink.close();
                }
            };
        }
    }
}
