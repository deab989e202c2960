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
 * The app-thread cost of capturing one {@code java.net.http} call: what the advice hands to the agent (the request
 * rebuilt with a tee publisher, the tee handler, the body copies, the run lookup, the hand-off to the writer),
 * against the same exchange without capture. The writer thread runs for real, on a real queue, as in production.
 * Cost per call = captured − plain; per row = that / rows.
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
    @Param({"1", "100"})
    int rows;

    private HttpRequest request;
    private byte[] response;
    private JdkHttpClientCalls calls;

    @Setup(Level.Trial)
    public void setUp() throws IOException, ConfigException {
        request = HttpRequest.newBuilder(InProcessAgent.AUDIENCE_ADD).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AudienceCallBodies.request(rows))).build();
        response = AudienceCallBodies.response(rows).getBytes(StandardCharsets.UTF_8);

        calls = InProcessAgent.start(Files.createTempDirectory("synclog-bench")).removedAtExit().calls;
    }

    @Benchmark
    public byte[] plain() {
        return InMemoryExchange.exchange(request, HttpResponse.BodyHandlers.ofByteArray(), response);
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public byte[] captured() {
        Object[] teed = calls.sending(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = InMemoryExchange.exchange((HttpRequest) teed[0], (HttpResponse.BodyHandler<byte[]>) teed[1], response);
        calls.sent(teed[2], null, null);
        return body;
    }

}
