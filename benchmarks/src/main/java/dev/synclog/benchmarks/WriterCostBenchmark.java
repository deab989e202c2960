package dev.synclog.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.synclog.agent.config.AgentConfig;
import dev.synclog.events.QueueLayout;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The writer thread's CPU time per captured call: from the journal's records of a call (its request, its end) to its
 * {@code callRows} excerpt in the queue. Calls of {@code rows} audience members each are captured in this process
 * ({@link InProcessAgent}) and the writer thread's CPU time is read before and after it has written them (the queue
 * is tailed on this thread until they are all there). A first round warms the JIT up and is not counted. Args:
 * {@code [calls] [rows] [rounds] [pauseMicros] [attemptWindow]} (defaults 20000, 100, 5, 0 and the agent's default
 * window); prints each round and the median, in microseconds of writer CPU per call and per row. With a pause between
 * calls, as a job that waits for its destination makes, the writer catches up after each call and its polling of the
 * journal while idle is counted too. A window under half of {@link #TABLE_ROWS} makes every row a new one to the
 * table, looked up in both generations: the cost of a service sending new rows all day.
 */
public final class WriterCostBenchmark {
    /**
     * The members' ids cycle over a table of this many, JobOverheadBenchmark's default: the writer's table of attempts
     * per row grows as in a job of that size, and then counts rows tried again.
     */
    private static final long TABLE_ROWS = 500_000;

    private final InProcessAgent agent;
    private final int rows;
    private final byte[] response;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long pauseNanos;
    private long nextMember;

    private WriterCostBenchmark(InProcessAgent agent, int rows, long pauseMicros) {
        this.agent = agent;
        this.rows = rows;
        this.pauseNanos = TimeUnit.MICROSECONDS.toNanos(pauseMicros);
        this.response = AudienceCallBodies.response(rows).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        if (!ChronicleJvm.internalsOpen()) {
            System.exit(ChronicleJvm.relaunch(WriterCostBenchmark.class, args));
        }
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long pauseMicros = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int attemptWindow = args.length > 4 ? Integer.parseInt(args[4]) : AgentConfig.DEFAULT_ATTEMPT_WINDOW;
        InProcessAgent agent = InProcessAgent.start(Files.createTempDirectory("synclog-writer-cost"), attemptWindow)
                .removedAtExit();
        new WriterCostBenchmark(agent, rows, pauseMicros).measure(calls, rounds);
        System.exit(0);
    }

    private void measure(int calls, int rounds) throws IOException, InterruptedException {
        // The queue opens after the first call.
        capture();
        while (!Files.exists(agent.queueDir.resolve(QueueLayout.SOURCE_ID_FILE))) {
            Thread.sleep(10);
        }
        try (SingleChronicleQueue queue = QueueLayout.openForReading(agent.queueDir)) {
            CallCounter written = new CallCounter(queue);
            written.awaitAtLeast(1);
            round(calls, written);
            List<Double> perCall = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double micros = round(calls, written);
                perCall.add(micros);
                System.out.printf("round %d: writer CPU %.1f us a call, %.2f us a row%n", round, micros, micros / rows);
            }
            double median = Median.of(perCall);
            System.out.printf("median of %d rounds of %d calls of %d rows: writer CPU %.1f us a call, %.2f us a row%n",
                    rounds, calls, rows, median, median / rows);
        }
    }

    /**
     * Captures {@code calls} calls and returns the writer's CPU microseconds per call spent writing them; prints the
     * part of it spent in the kernel (page faults on the queue's mapped file, reads of the journal).
     */
    private double round(int calls, CallCounter written) throws InterruptedException {
        long target = written.count + calls;
        long cpuBefore = threads.getThreadCpuTime(agent.writer.getId());
        long userBefore = threads.getThreadUserTime(agent.writer.getId());
        for (int i = 0; i < calls; i++) {
            capture();
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
        }
        written.awaitAtLeast(target);
        double cpu = (threads.getThreadCpuTime(agent.writer.getId()) - cpuBefore) / 1000.0 / calls;
        double user = (threads.getThreadUserTime(agent.writer.getId()) - userBefore) / 1000.0 / calls;
        System.out.printf("  of which in the kernel %.1f us a call%n", cpu - user);
        return cpu;
    }

    @SuppressWarnings("unchecked")
    private void capture() {
        HttpRequest request = HttpRequest.newBuilder(InProcessAgent.AUDIENCE_ADD)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AudienceCallBodies.request(rows, nextMember))).build();
        nextMember = (nextMember + rows) % TABLE_ROWS;
        Object[] teed = agent.calls.sending(request, HttpResponse.BodyHandlers.ofByteArray());
        InMemoryExchange.exchange((HttpRequest) teed[0], (HttpResponse.BodyHandler<byte[]>) teed[1], response);
        agent.calls.sent(teed[2], null, null);
    }

    /** Counts the queue's {@code callRows} excerpts as the writer appends them. */
    private static final class CallCounter {
        private final ExcerptTailer tailer;
        long count;

        CallCounter(SingleChronicleQueue queue) {
            this.tailer = queue.createTailer();
        }

        void awaitAtLeast(long calls) throws InterruptedException {
            while (count < calls) {
                try (DocumentContext excerpt = tailer.readingDocument()) {
                    if (!excerpt.isPresent()) {
                        Thread.sleep(5);
                    } else if ("callRows".equals(excerpt.wire().readEvent(String.class))) {
                        count++;
                    }
                }
            }
        }
    }
}
