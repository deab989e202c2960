package dev.synclog.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.synclog.events.CallRows;
import dev.synclog.events.Utf8Texts;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The part of {@link WriterCostBenchmark}'s writer cost that encodes a call's excerpt: one call of {@code rows} rows
 * (ids, op types and fields as the request's journal record holds them, statuses and reasons as the response's; a
 * tenth of the rows failed with a reason) marshalled into a binary wire over memory of its own, with no queue, no
 * journal and no page faults.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true"})
@State(Scope.Benchmark)
public class CallRowsWritingBenchmark {
    @Param({"1", "100"})
    int rows;

    private CallRows call;
    private Bytes<?> bytes;
    private Wire wire;

    @Setup(Level.Trial)
    public void setUp() {
        String[] ids = new String[rows];
        String[] ops = new String[rows];
        String[] fields = new String[rows];
        String[] statuses = new String[rows];
        String[] reasons = new String[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = BenchRows.rowId(1_000_000 + i);
            ops[i] = "upsert";
            fields[i] = BenchRows.fields(i);
            statuses[i] = i % 10 == 9 ? "failed" : "succeeded";
            reasons[i] = i % 10 == 9 ? "invalid email address" : null;
        }
        int[] attempts = new int[rows];
        Arrays.fill(attempts, 1);
        call = new CallRows().syncId("bench").runId("20261126T020000.000001Z-abc123").callId(1L << 40)
                .endpoint("upsert").destination("crm").object("contacts").httpMethod("POST")
                .url("http://127.0.0.1:8080/v1/contacts").httpStatus(207).latencyMicros(1234)
                .rowsSucceeded(rows - rows / 10).rowsFailed(rows / 10).traceId("0af7651916cd43dd8448eb211c80319c")
                .spanId("b7ad6b7169203331").eventTimeMicros(1_764_000_000_000_000L)
                .rows(rows, journaled(ids), journaled(ops), journaled(statuses), journaled(reasons), journaled(fields),
                        attempts);
        bytes = Bytes.allocateElasticDirect(1 << 20);
        wire = WireType.BINARY_LIGHT.apply(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bytes.releaseLast();
    }

    @Benchmark
    public long write() {
        bytes.clear();
        call.writeMarshallable(wire);
        return bytes.writePosition();
    }

    /** Each text after its 8-byte length, as a journal record holds them. */
    private static Utf8Texts journaled(String[] texts) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int[] spans = new int[texts.length * 2];
        for (int i = 0; i < texts.length; i++) {
            byte[] utf8 = texts[i] == null ? null : texts[i].getBytes(StandardCharsets.UTF_8);
            record.writeBytes(new byte[Long.BYTES]);
            spans[2 * i] = record.size();
            spans[2 * i + 1] = utf8 == null ? -1 : utf8.length;
            if (utf8 != null) {
                record.writeBytes(utf8);
            }
        }
        return new Utf8Texts(record.toByteArray(), spans);
    }
}
