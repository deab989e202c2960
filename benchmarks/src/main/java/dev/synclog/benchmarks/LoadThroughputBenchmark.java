package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.synclog.events.QueueLayout;

/**
 * The app's throughput under load: {@link LoadApp} with {@code threads} threads posting batches of
 * {@value #ROWS_PER_CALL} rows to the example's loopback CRM and audience servers (a process of their own) for a
 * warm-up, then {@code seconds} measured. The variants of {@link AgentVariant} alternate in one invocation, in
 * rotating order, for {@code rounds} rounds. Prints the medians of rows/s, calls/s and CPU per row, the median of
 * each round's ratio against no agent, and the CPU the servers used a row (they share the cores with the app).
 * The synclog agent's writer may trail the app: what it has not written within its bounded drain at the app's exit
 * stays in its journal, so after each synclog run a next agent on the queue ({@link JournalRecoveryApp}) writes it,
 * and the calls it wrote are counted. The last synclog run's queue is then loaded by the exporter to check that the
 * agent recorded every row once and dropped no event. Args: {@code [rounds] [seconds] [warm-up seconds] [threads]
 * [latency ms]} (defaults 5, 15, 5, 64, 0); run from the repository's root or with {@code -Dsynclog.root}. With a
 * latency the servers hold each answer that long, as a real API's round trip does: the app then waits on its
 * destinations instead of being bound by the 2 cores it shares with them.
 */
public final class LoadThroughputBenchmark {
    static final int ROWS_PER_CALL = 100;
    /** The whole job's target (≤ 1.03 × the time without the agent), read as throughput: ≥ 1 / 1.03 of it. */
    static final double TARGET_RATIO = 1 / JobOverheadBenchmark.TARGET_RATIO;
    private static final String TOKEN = "demo-token";
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(10);
    /** What the next agent on a queue prints once it has written a dead process's journal (AgentLog.info). */
    private static final Pattern RECOVERED = Pattern.compile("synclog: recovered the journal of process \\d+: (\\d+) call");
    private static final Pattern LOAD = Pattern.compile("LOAD calls=(\\d+) rows=(\\d+) nanos=(\\d+) cpu_nanos=(\\d+)");
    private static final Pattern SENT = Pattern.compile("SENT rows=(\\d+) failed_calls=(\\d+)");

    private LoadThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int warmUpSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int latencyMillis = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        System.out.println(run(Repository.fromSystemProperty(), rounds, seconds, warmUpSeconds, threads, latencyMillis));
    }

    static Summary run(Repository repository, int rounds, int seconds, int warmUpSeconds, int threads, int latencyMillis)
            throws Exception {
        if (rounds < 1 || seconds < 1 || warmUpSeconds < 0 || threads < 2 || latencyMillis < 0 || latencyMillis > 60_000) {
            throw new IllegalArgumentException("LoadThroughputBenchmark [rounds] [seconds] [warm-up seconds] [threads]"
                    + " [latency ms]: rounds and seconds must be at least 1, warm-up at least 0, threads at least 2 (one"
                    + " a client), latency 0 to 60000; got " + rounds + ", " + seconds + ", " + warmUpSeconds + ", "
                    + threads + ", " + latencyMillis);
        }
        Duration timeout = Duration.ofSeconds(seconds + warmUpSeconds + 600L);
        try (WorkDirectory work = new WorkDirectory("synclog-load");
             DestinationProcess destinations = new DestinationProcess(repository, work.path(), latencyMillis)) {
            Path appClasses = Forked.appClasses(LoadApp.class, work.path());
            Path recoveryClasses = Forked.appClasses(JournalRecoveryApp.class, work.path());
            Map<AgentVariant, List<Load>> loads = new EnumMap<>(AgentVariant.class);
            List<Long> callsLeftAtExit = new ArrayList<>();
            Path lastSynclogQueue = null;
            long lastSynclogRows = 0;
            int runs = 0;
            for (int round = 0; round < rounds; round++) {
                // Rotate which variant goes first, so a drift in the machine's state weighs on all alike.
                for (int i = 0; i < AgentVariant.values().length; i++) {
                    AgentVariant variant = AgentVariant.values()[(round + i) % AgentVariant.values().length];
                    Path queue = work.path().resolve("queue-" + ++runs);
                    List<String> command = new ArrayList<>(variant.jvmOptions(repository, queue));
                    command.addAll(List.of("-cp", appClasses.toString(), LoadApp.class.getName(), destinations.crmUrl(),
                            destinations.audienceUrl(), TOKEN, Integer.toString(threads), Integer.toString(ROWS_PER_CALL),
                            Integer.toString(warmUpSeconds), Integer.toString(seconds)));
                    Path log = work.path().resolve("load-" + runs + ".log");
                    long serversCpuBefore = destinations.cpuNanos();
                    Forked.runTimed(Forked.java(command), log, timeout);
                    Load load = Load.read(variant, log, destinations.cpuNanos() - serversCpuBefore);
                    System.err.printf("load %d, %s: %,.0f rows/s, %,.0f calls/s, %.1f µs CPU a row, servers %.1f µs a row%n",
                            runs, variant.label, load.rowsPerSecond(), load.callsPerSecond(), load.cpuMicrosPerRow(),
                            load.serversCpuMicrosPerRow());
                    loads.computeIfAbsent(variant, v -> new ArrayList<>()).add(load);
                    Files.delete(log);
                    if (variant == AgentVariant.SYNCLOG) {
                        long left = recoverJournal(repository, recoveryClasses, queue, work.path().resolve("recovery-" + runs + ".log"));
                        System.err.printf("load %d: %,d of %,d calls were still in the journal at the app's exit%n", runs,
                                left, load.rowsSent() / ROWS_PER_CALL);
                        callsLeftAtExit.add(left);
                        if (lastSynclogQueue != null) {
                            WorkDirectory.delete(lastSynclogQueue);
                        }
                        lastSynclogQueue = queue;
                        lastSynclogRows = load.rowsSent();
                    }
                }
            }
            ExportedRows exported = ExportedRows.load(repository, lastSynclogQueue, work.path().resolve("exporter.log"));
            return new Summary(rounds, seconds, warmUpSeconds, threads, latencyMillis, loads, callsLeftAtExit, exported,
                    lastSynclogRows);
        }
    }

    /**
     * Starts a next agent on {@code queue}, which writes what the last one left in its journal; returns the calls it
     * wrote (0 when the journal had been drained at exit).
     */
    private static long recoverJournal(Repository repository, Path recoveryClasses, Path queue, Path log) throws Exception {
        List<String> command = new ArrayList<>(AgentVariant.SYNCLOG.jvmOptions(repository, queue));
        command.addAll(List.of("-cp", recoveryClasses.toString(), JournalRecoveryApp.class.getName(),
                queue.resolve(QueueLayout.JOURNAL_DIR).toString(), Long.toString(RECOVERY_TIMEOUT.toSeconds())));
        Forked.runTimed(Forked.java(command), log, RECOVERY_TIMEOUT.plusMinutes(1));
        Matcher recovered = RECOVERED.matcher(Files.readString(log));
        long calls = recovered.find() ? Long.parseLong(recovered.group(1)) : 0;
        Files.delete(log);
        return calls;
    }

    /**
     * One run's measured phase, the rows it sent in all (warm-up included), and the CPU the destination servers used
     * over the whole run.
     */
    record Load(long calls, long rows, long nanos, long cpuNanos, long rowsSent, long serversCpuNanos) {
        private static final double NANOS_PER_SECOND = 1e9;

        /** From the app's output; fails, with the output, if a call failed or the agent was not attached. */
        static Load read(AgentVariant variant, Path log, long serversCpuNanos) throws Exception {
            String output = Files.readString(log);
            Matcher load = LOAD.matcher(output);
            Matcher sent = SENT.matcher(output);
            if (!load.find() || !sent.find() || Long.parseLong(sent.group(2)) != 0 || !output.contains(variant.attachedMarker)) {
                throw new IllegalStateException(variant.label + ": expected LOAD and SENT lines, no failed call and '"
                        + variant.attachedMarker + "' in the app's output:\n" + Forked.tail(log));
            }
            return new Load(Long.parseLong(load.group(1)), Long.parseLong(load.group(2)), Long.parseLong(load.group(3)),
                    Long.parseLong(load.group(4)), Long.parseLong(sent.group(1)), serversCpuNanos);
        }

        double rowsPerSecond() {
            return rows * NANOS_PER_SECOND / nanos;
        }

        double callsPerSecond() {
            return calls * NANOS_PER_SECOND / nanos;
        }

        double cpuMicrosPerRow() {
            return rows == 0 ? Double.NaN : cpuNanos / 1e3 / rows;
        }

        double serversCpuMicrosPerRow() {
            return rowsSent == 0 ? Double.NaN : serversCpuNanos / 1e3 / rowsSent;
        }
    }

    record Summary(int rounds, int seconds, int warmUpSeconds, int threads, int latencyMillis,
                   Map<AgentVariant, List<Load>> loads,
                   List<Long> synclogCallsLeftAtExit, ExportedRows exported, long lastSynclogRowsSent) {

        double median(AgentVariant variant, ToDoubleFunction<Load> measure) {
            List<Double> values = new ArrayList<>();
            loads.get(variant).forEach(load -> values.add(measure.applyAsDouble(load)));
            return Median.of(values);
        }

        /** Median over the rounds of this variant's figure ÷ the no-agent run's figure of the same round. */
        double ratio(AgentVariant variant, ToDoubleFunction<Load> measure) {
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                ratios.add(measure.applyAsDouble(loads.get(variant).get(round))
                        / measure.applyAsDouble(loads.get(AgentVariant.NO_AGENT).get(round)));
            }
            return Median.of(ratios);
        }

        /** How the servers answer, for the report: nothing when at once. */
        private String held() {
            return latencyMillis == 0 ? "" : String.format(" answering after %d ms", latencyMillis);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(String.format(
                    "Load: %d app threads posting batches of %d rows (CRM upserts over java.net.http, audience adds over"
                            + " HttpURLConnection)%nto the example's loopback servers in their own process%s; %d s warm-up,"
                            + " %d s measured;%nmedians of %d alternating rounds, ratios against no agent per round%n%n",
                    threads, ROWS_PER_CALL, held(), warmUpSeconds, seconds, rounds));
            out.append(String.format("%-20s | %10s | %9s | %10s | %13s | %9s | %17s%n",
                    "variant", "rows/s", "calls/s", "rows ratio", "CPU µs a row", "CPU ratio", "servers µs a row"));
            out.append("-".repeat(20)).append("-+-").append("-".repeat(10)).append("-+-").append("-".repeat(9))
                    .append("-+-").append("-".repeat(10)).append("-+-").append("-".repeat(13)).append("-+-")
                    .append("-".repeat(9)).append("-+-").append("-".repeat(17)).append('\n');
            for (AgentVariant variant : AgentVariant.values()) {
                out.append(String.format("%-20s | %,10.0f | %,9.0f | %10.3f | %13.1f | %9.3f | %17.1f%n", variant.label,
                        median(variant, Load::rowsPerSecond), median(variant, Load::callsPerSecond),
                        ratio(variant, Load::rowsPerSecond), median(variant, Load::cpuMicrosPerRow),
                        ratio(variant, Load::cpuMicrosPerRow), median(variant, Load::serversCpuMicrosPerRow)));
            }
            double synclog = ratio(AgentVariant.SYNCLOG, Load::rowsPerSecond);
            out.append(String.format("%nvs target: throughput of %d threads%s with the synclog agent %.3f × without it"
                            + " (target ≥ %.3f, the whole job's ≤ %.2f as a rate): %s%n", threads, held(), synclog, TARGET_RATIO,
                    JobOverheadBenchmark.TARGET_RATIO, synclog >= TARGET_RATIO ? "met" : "MISSED"));
            out.append(String.format("synclog agent's writer at the app's exit (its drain there is bounded): %,d calls not yet"
                            + " written, of %,d sent (medians); left in its journal, they were written by the next agent on"
                            + " the queue%n", Median.of(synclogCallsLeftAtExit),
                    Median.of(loads.get(AgentVariant.SYNCLOG).stream().map(l -> l.rowsSent() / ROWS_PER_CALL).toList())));
            out.append("last synclog run, with what the next agent wrote, ").append(exported.describe(lastSynclogRowsSent));
            return out.toString();
        }
    }
}
