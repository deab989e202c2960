package dev.synclog.agent.queue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import dev.synclog.agent.capture.CallCapture;
import dev.synclog.agent.capture.CallInProgress;
import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.capture.EpochMicros;
import dev.synclog.agent.config.AgentConfig;
import dev.synclog.agent.runs.RunTracker;
import dev.synclog.benchmarks.InProcessAgent;

/**
 * What a journal roll costs the app's threads, with the next segment made ahead by the writer (a spare) and without
 * (the app thread that rolls writes the segment's 16 MiB of zeros, the others wait for it), in one run: rounds of the
 * two alternate. In each round THREADS app threads send 100-row audience calls, as the HTTP client instrumentation
 * drives them, into a fresh journal, as many as make it roll ROLLS times (counted in a first round of each variant,
 * which also warms up), while a writer thread reads the journal and deletes what it has read, as the agent's does
 * (its journal's side only, no queue), and in the spare rounds makes the spares. Prints, per variant, the medians
 * over its rounds of: the worst call of any app thread, in the thread's CPU time (what it did itself: the zeros it
 * wrote, not the waits for another thread's, nor the preemptions of a shared machine) and in wall-clock time (the
 * waits too, and the noise); the calls that took over 1 ms of each; and the mean call. On a shared machine, compare
 * the two variants of one run only.
 *
 * <p>In the journal's package: the writer's side of the journal ({@link CallJournal#prepareSpare}) is not public.
 *
 * <pre>
 * java -cp benchmarks/target/synclog-benchmarks.jar dev.synclog.agent.queue.JournalRollBenchmark 5 20 8
 * </pre>
 * Arguments: rounds of each variant (after one of each to warm up), rolls a round, app threads.
 */
public final class JournalRollBenchmark {
    private static final int ROWS = 100;
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final URI AUDIENCE_ADD = URI.create("http://127.0.0.1:9/v1/audiences/news/members:add");

    private JournalRollBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: JournalRollBenchmark ROUNDS ROLLS THREADS, e.g. 5 20 8");
        }
        int rounds = Integer.parseInt(args[0]);
        int rolls = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Map<Boolean, List<Round>> results = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
        long callsEach = 0;
        for (int round = 0; round <= rounds; round++) {
            for (boolean spare : new boolean[] {false, true}) {
                Round measured = round(spare, round == 0 ? 2 * CallJournal.SEGMENT_BYTES : Long.MAX_VALUE,
                        round == 0 ? Long.MAX_VALUE : callsEach, threads);
                if (round == 0) {
                    callsEach = Math.max(callsEach, rolls * CallJournal.SEGMENT_BYTES * measured.calls()
                            / measured.journalBytes / threads);
                } else {
                    results.get(spare).add(measured);
                }
            }
        }
        System.out.printf("JournalRollBenchmark: %d rounds of each, %d rolls of %d MiB segments a round, %d app"
                + " threads, %d-row calls%n", rounds, rolls, CallJournal.SEGMENT_BYTES >> 20, threads, ROWS);
        for (boolean spare : new boolean[] {false, true}) {
            List<Round> measured = results.get(spare);
            System.out.printf("  %s%n    worst call: CPU %6.2f ms, wall %6.2f ms; calls over 1 ms: CPU %4d, wall %4d, of %d;"
                    + " mean call: CPU %5.1f µs, wall %5.1f µs%n",
                    spare ? "spare made ahead by the writer:" : "segment made by the app thread that rolls:",
                    median(measured, r -> r.cpu.worst()) / 1e6, median(measured, r -> r.wall.worst()) / 1e6,
                    (long) median(measured, r -> r.cpu.slow()), (long) median(measured, r -> r.wall.slow()),
                    measured.get(0).calls(), median(measured, r -> r.cpu.mean()) / 1e3,
                    median(measured, r -> r.wall.mean()) / 1e3);
        }
    }

    private record Round(Times cpu, Times wall, long journalBytes) {
        long calls() {
            return cpu.calls;
        }
    }

    /** The calls of a round, timed one way. */
    private record Times(long worst, long slow, long calls, double mean) {
        static Times of(List<Long> nanos) {
            return new Times(nanos.stream().mapToLong(Long::longValue).max().orElse(0),
                    nanos.stream().filter(took -> took > SLOW_NANOS).count(), nanos.size(),
                    nanos.stream().mapToLong(Long::longValue).average().orElse(0));
        }
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
        List<Double> values = new ArrayList<>(rounds.stream().map(figure::applyAsDouble).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    /**
     * Calls until the writer has read {@code untilPosition} bytes of the journal, or {@code callsEach} calls on each
     * app thread.
     */
    private static Round round(boolean spare, long untilPosition, long callsEach, int threads) throws Exception {
        Path root = Files.createTempDirectory("synclog-roll-bench");
        AgentConfig config = InProcessAgent.config(root, AgentConfig.DEFAULT_ATTEMPT_WINDOW);
        CallJournal journal = CallJournal.open(config.queueDir(), config.minFreeDiskBytes(), 10_000, 64L << 20,
                CallJournal.SEGMENT_BYTES);
        RunTracker runs = new RunTracker(journal, EpochMicros::now);
        runs.startProcessRun();
        CallCapture capture = new CallCapture(config, runs, journal);
        Writer writer = new Writer(journal, spare, untilPosition);
        writer.start();
        CyclicBarrier together = new CyclicBarrier(threads);
        List<AppThread> app = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            app.add(new AppThread(capture, writer, together, t, callsEach));
            app.get(t).start();
        }
        List<Long> cpu = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        for (AppThread thread : app) {
            thread.join();
            if (thread.failure != null) {
                throw new IllegalStateException("an app thread failed", thread.failure);
            }
            cpu.addAll(thread.cpu);
            wall.addAll(thread.wall);
        }
        while (!writer.drained) {
            Thread.sleep(10);
        }
        writer.done.set(true);
        writer.join();
        journal.delete();
        Files.deleteIfExists(root.resolve("queue").resolve(CallJournal.DIR));
        Files.deleteIfExists(root.resolve("queue"));
        Files.deleteIfExists(root);
        return new Round(Times.of(cpu), Times.of(wall), writer.position);
    }

    /** The writer's side of the journal: reads it, deletes what it has read, and, with spares, makes the next. */
    private static final class Writer extends Thread {
        final AtomicBoolean done = new AtomicBoolean();
        private final CallJournal journal;
        private final boolean spare;
        private final long endPosition;
        /** Where the journal has been read to: the app threads stop once it is past {@link #endPosition}. */
        volatile long position;
        volatile boolean drained;

        Writer(CallJournal journal, boolean spare, long endPosition) {
            super("writer");
            this.journal = journal;
            this.spare = spare;
            this.endPosition = endPosition;
        }

        boolean past() {
            return position >= endPosition;
        }

        @Override
        public void run() {
            try (JournalSource source = journal.source()) {
                while (!done.get()) {
                    JournalEntry entry = source.next(10);
                    if (entry != null) {
                        position = entry.position();
                    }
                    source.release(() -> Long.MAX_VALUE);
                    if (spare) {
                        journal.prepareSpare();
                    }
                    drained = source.drained();
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the journal's reader", e);
            }
        }
    }

    /** Sends calls until the writer has read far enough, or its count of calls is sent, timing each. */
    private static final class AppThread extends Thread {
        private final CallCapture capture;
        private final Writer writer;
        private final CyclicBarrier together;
        private final byte[] request;
        private final byte[] response;
        private final long calls;
        final List<Long> cpu = new ArrayList<>();
        final List<Long> wall = new ArrayList<>();
        Throwable failure;

        AppThread(CallCapture capture, Writer writer, CyclicBarrier together, int thread, long calls) {
            super("app-" + thread);
            this.capture = capture;
            this.writer = writer;
            this.together = together;
            this.calls = calls;
            StringBuilder members = new StringBuilder("{\"members\":[");
            StringBuilder results = new StringBuilder("{\"results\":[");
            for (int i = 0; i < ROWS; i++) {
                String sep = i == 0 ? "" : ",";
                members.append(sep).append("{\"id\":\"t").append(thread).append("-m").append(i)
                        .append("\",\"email\":\"member").append(i).append("@example.com\"}");
                results.append(sep).append("{\"ok\":true}");
            }
            this.request = members.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            this.response = results.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void run() {
            try {
                together.await();
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (long i = 0; i < calls && !writer.past(); i++) {
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    send();
                    wall.add(System.nanoTime() - start);
                    cpu.add(threads.getCurrentThreadCpuTime() - cpuStart);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        private void send() throws IOException {
            CallRecord record = capture.start("java-http-client", "POST", AUDIENCE_ADD, null);
            record.requestContentType = "application/json";
            CallInProgress call = new CallInProgress(record, capture);
            CallInProgress.into(call.request, () -> { }).write(request);
            call.requestSent();
            record.status = 200;
            record.responseContentType = "application/json";
            CallInProgress.into(call.response, () -> { }).write(response);
            call.finish(null);
        }
    }
}
