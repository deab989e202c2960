package dev.synclog.benchmarks;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.instrumentation.jdkhttp.JdkHttpClientCalls;
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
 * decoder call the agent where its advice does.
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
    @Param({"java.net.http", "netty"})
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
            default -> throw new IllegalArgumentException("client=" + client + ": choose java.net.http or netty");
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
