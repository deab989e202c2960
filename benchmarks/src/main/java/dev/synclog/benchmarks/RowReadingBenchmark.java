package dev.synclog.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.config.ConfigException;
import dev.synclog.agent.config.EndpointRule;
import dev.synclog.agent.rows.CallInterpretation;
import dev.synclog.agent.rows.CallInterpreter;
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
 * The part of {@link CaptureHotPathBenchmark}'s app-thread cost that reads rows: one call's request rows (privacy
 * applied, fields as JSON text) and their outcomes from the response, for the same bodies, alone. No journal and
 * no writer thread, so {@code -prof gc} shows this work's own allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RowReadingBenchmark {

    @Param({"1", "100"})
    int rows;

    /** {@code none}: no privacy rule; {@code rules}: the email hashed, as a typical configuration does. */
    @Param({"none", "rules"})
    String privacy;

    private final CallInterpreter interpreter = new CallInterpreter(1 << 20);
    private EndpointRule rule;
    private CallRecord call;

    @Setup(Level.Trial)
    public void setUp() throws ConfigException {
        rule = AgentConfig.parse("""
                sync: {sync_id: bench}
                %s
                endpoints:
                  - name: audience-add
                    match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audience}/members:add"}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
                """.formatted(privacy.equals("rules") ? "privacy: {hash: [email]}" : ""), "bench.yaml", Map.of(),
                new Properties()).endpoints().get(0);
        call = new CallRecord();
        call.client = "java-http-client";
        call.method = "POST";
        call.uri = URI.create("http://127.0.0.1:9/v1/audiences/news/members:add");
        call.requestBody = AudienceCallBodies.request(rows).getBytes(StandardCharsets.UTF_8);
        call.requestBodyLength = call.requestBody.length;
        call.status = 200;
        call.responseBody = AudienceCallBodies.response(rows).getBytes(StandardCharsets.UTF_8);
        call.responseBodyLength = call.responseBody.length;
        CallInterpretation once = interpret();
        if (once.rows().size() != rows || once.callError() != null) {
            throw new IllegalStateException("the benchmark's call should give " + rows + " rows and no error, but gives "
                    + once + "; fix its bodies or its rule");
        }
    }

    @Benchmark
    public CallInterpretation interpret() {
        return interpreter.interpret(rule, call);
    }
}
