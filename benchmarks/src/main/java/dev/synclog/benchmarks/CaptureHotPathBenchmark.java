package dev.synclog.benchmarks;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientCalls;
import dev.synclog.agent.instrumentation.sdkmethod.SdkMethodCalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The app-thread cost of capturing one call, against the same exchange without capture. The writer thread runs for
 * real, on a real queue, as in production. Cost per call = captured − plain; per row = that / rows. Clients:
 * <ul>
 * <li>{@code java.net.http}: what its advice hands to the agent (the request rebuilt with a tee publisher, the tee
 * handler, the body copies, the run lookup, the hand-off to the writer), the exchange played in memory;
 * <li>{@code netty}: a call through Netty's HTTP/1.1 client codec ({@link NettyCodecExchange}), whose encoder and
 * decoder call the agent where its advice does;
 * <li>{@code sdk-method}: an SDK method ({@link AudienceSdk}) taking the members as records and returning their results,
 * its advice's entry and exit called by hand: the arguments and the return value copied as JSON by reflection;
 * <li>{@code sdk-method-future}: the same method returning a completed {@code CompletableFuture}, which the agent
 * follows to its value;
 * <li>{@code sdk-method-callback}: the same results reported to a {@code Consumer} callback argument, at once, which the
 * agent wraps and is called back through.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true"})
@State(Scope.Benchmark)
public class CaptureHotPathBenchmark {
    /** The default is for harnesses that set only {@code rows} ({@link AppThreadCost}). */
    @Param({"java.net.http", "netty", "sdk-method", "sdk-method-future", "sdk-method-callback"})
    String client = "java.net.http";

    @Param({"1", "100"})
    int rows;

    private Exchange exchange;

    /** One audience call of a client, plain or captured. */
    interface Exchange {
        Object plain();

        Object captured();
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException, ConfigException {
        InProcessAgent agent = InProcessAgent.start(Files.createTempDirectory("synclog-bench")).removedAtExit();
        exchange = switch (client) {
            case "java.net.http" -> new JdkHttpExchange(agent.calls, rows);
            case "netty" -> new NettyCodecExchange(rows);
            case "sdk-method", "sdk-method-future", "sdk-method-callback" -> new SdkMethodExchange(agent.sdkMethods, rows,
                    client.substring("sdk-method".length()));
            default -> throw new IllegalArgumentException("client=" + client
                    + ": choose java.net.http, netty, sdk-method, sdk-method-future or sdk-method-callback");
        };
    }

    @Benchmark
    public Object plain() {
        return exchange.plain();
    }

    @Benchmark
    public Object captured() {
        return exchange.captured();
    }

    /** An SDK method's call: its advice's entry and exit called by hand around the method. */
    private static final class SdkMethodExchange implements Exchange {
        /** {@code addMembersReporting}'s endpoint among the {@code java_method} ones ({@link InProcessAgent#config}). */
        private static final int REPORTING_ENDPOINT = 1;

        private final SdkMethodCalls calls;
        private final AudienceSdk sdk;
        private final List<AudienceSdk.Member> members;
        /** "" (the results returned), "-future" or "-callback". */
        private final String shape;
        private final Consumer<List<AudienceSdk.Result>> callback = results -> reported = results;
        private Object reported;

        SdkMethodExchange(SdkMethodCalls calls, int rows, String shape) {
            this.calls = calls;
            this.sdk = new AudienceSdk(rows);
            this.members = AudienceSdk.members(rows);
            this.shape = shape;
        }

        @Override
        public Object plain() {
            return call(callback);
        }

        @SuppressWarnings("unchecked")
        private Object call(Consumer<?> reportTo) {
            switch (shape) {
                case "-future":
                    return sdk.addMembersAsync(members);
                case "-callback":
                    sdk.addMembersReporting(members, (Consumer<List<AudienceSdk.Result>>) reportTo);
                    return reported;
                default:
                    return sdk.addMembers(members);
            }
        }

        @Override
        public Object captured() {
            try {
                if (shape.equals("-callback")) {
                    Object[] arguments = {members, callback};
                    Object token = calls.entered(REPORTING_ENDPOINT, arguments, Consumer.class);
                    Object returned = call((Consumer<?>) arguments[1]);
                    calls.exited(token, null, null);
                    return returned;
                }
                Object token = calls.entered(0, new Object[] {members}, null);
                Object returned = call(callback);
                calls.exited(token, returned, null);
                return returned;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A {@code java.net.http} call: the advice's entry points called by hand around an exchange played in memory. */
    private static final class JdkHttpExchange implements Exchange {
        private final HttpRequest request;
        private final byte[] response;
        private final JdkHttpClientCalls calls;

        JdkHttpExchange(JdkHttpClientCalls calls, int rows) {
            this.calls = calls;
            request = HttpRequest.newBuilder(InProcessAgent.AUDIENCE_ADD).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AudienceCallBodies.request(rows))).build();
            response = AudienceCallBodies.response(rows).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] plain() {
            return InMemoryExchange.exchange(request, HttpResponse.BodyHandlers.ofByteArray(), response);
        }

        @Override
        @SuppressWarnings("unchecked")
        public byte[] captured() {
            Object[] teed = calls.sending(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = InMemoryExchange.exchange((HttpRequest) teed[0], (HttpResponse.BodyHandler<byte[]>) teed[1], response);
            calls.sent(teed[2], null, null);
            return body;
        }
    }
}
