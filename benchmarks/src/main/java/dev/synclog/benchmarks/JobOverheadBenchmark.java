package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-job overhead: the example sync service (integration-tests) pushes a table of {@code rows} contacts to the
 * loopback CRM (java.net.http) and audience (HttpURLConnection) servers, which run in a process of their own. Three
 * variants alternate in one invocation, in rotating order: no agent, the synclog agent (queue on disk, its writer
 * running, no exporter), the OpenTelemetry Java agent (exporters off). Each variant also runs a one-batch table
 * (100 rows: one call to each destination), whose wall and CPU time are subtracted, so JVM and agent start-up drop
 * out. Prints the medians over the triples and the ratios against no agent. Args: {@code [triples] [rows]}
 * (defaults 5, 500000); run from the repository's root or with {@code -Dsynclog.root}.
 */
public final class JobOverheadBenchmark {
    static final int ONE_BATCH_ROWS = 100;
    static final double TARGET_RATIO = 1.03;
    private static final Pattern ROW_COUNTS = Pattern.compile("\"(?:failed|succeeded)\":(\\d+)");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

    private final Repository repository;
    private final Path work;
    private int runsStarted;

    private JobOverheadBenchmark(Repository repository, Path work) {
        this.repository = repository;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        int triples = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        System.out.println(run(Repository.fromSystemProperty(), triples, rows));
    }

    static Summary run(Repository repository, int triples, int rows) throws Exception {
        if (triples < 1 || rows <= ONE_BATCH_ROWS) {
            throw new IllegalArgumentException("JobOverheadBenchmark [triples] [rows]: triples must be at least 1 and rows"
                    + " more than the one-batch run's " + ONE_BATCH_ROWS + ", got " + triples + " and " + rows);
        }
        try (WorkDirectory work = new WorkDirectory("synclog-job");
             DestinationProcess destinations = new DestinationProcess(repository, work.path())) {
            JobOverheadBenchmark benchmark = new JobOverheadBenchmark(repository, work.path());
            Path fullTable = benchmark.sourceTable(rows);
            Path oneBatchTable = benchmark.sourceTable(ONE_BATCH_ROWS);
            Map<AgentVariant, List<Forked.Timing>> full = new EnumMap<>(AgentVariant.class);
            Map<AgentVariant, List<Forked.Timing>> oneBatch = new EnumMap<>(AgentVariant.class);
            Path lastSynclogQueue = null;
            for (int triple = 0; triple < triples; triple++) {
                // Rotate which variant goes first, so a drift in the machine's state weighs on all alike.
                for (int i = 0; i < AgentVariant.values().length; i++) {
                    AgentVariant variant = AgentVariant.values()[(triple + i) % AgentVariant.values().length];
                    oneBatch.computeIfAbsent(variant, v -> new ArrayList<>())
                            .add(benchmark.job(variant, oneBatchTable, ONE_BATCH_ROWS, destinations).timing());
                    Job job = benchmark.job(variant, fullTable, rows, destinations);
                    full.computeIfAbsent(variant, v -> new ArrayList<>()).add(job.timing());
                    if (job.queue() != null) {
                        if (lastSynclogQueue != null) {
                            WorkDirectory.delete(lastSynclogQueue);
                        }
                        lastSynclogQueue = job.queue();
                    }
                }
            }
            ExportedRows completeness = ExportedRows.load(repository, lastSynclogQueue, work.path().resolve("exporter.log"));
            return new Summary(triples, rows, expectedRowResults(rows), full, oneBatch, completeness);
        }
    }

    private Path sourceTable(int rows) throws Exception {
        Path table = work.resolve("contacts-" + rows + ".csv");
        Forked.runTimed(Forked.java(List.of("-cp", repository.exampleJar().toString(), "dev.synclog.example.SourceMutator",
                "--source", table.toString(), "--run", "1", "--seed", "42", "--rows", Integer.toString(rows))),
                work.resolve("source-" + rows + ".log"), RUN_TIMEOUT);
        return table;
    }

    /** One run of the service on a fresh state, so every row is sent; the synclog variant's queue is kept. */
    private Job job(AgentVariant variant, Path table, int rows, DestinationProcess destinations) throws Exception {
        int number = ++runsStarted;
        Path queue = variant == AgentVariant.SYNCLOG ? work.resolve("queue-" + number) : null;
        List<String> args = new ArrayList<>(variant.jvmOptions(repository, queue));
        args.addAll(List.of("-jar", repository.exampleJar().toString(), "--source", table.toString(),
                "--state", work.resolve("state-" + number).toString(), "--destinations", destinations.portFile().toString()));
        Path log = work.resolve("job-" + number + ".log");
        Forked.Timing timing = Forked.runTimed(Forked.java(args), log, RUN_TIMEOUT);
        checkRan(variant, log, rows);
        System.err.printf("job %d, %s, %,d rows: %.2f s wall, %.2f s CPU%n", number, variant.label, rows,
                timing.wallNanos() / 1e9, timing.cpuNanos() / 1e9);
        WorkDirectory.delete(work.resolve("state-" + number));
        Files.delete(log);
        return new Job(timing, queue);
    }

    private record Job(Forked.Timing timing, Path queue) {
    }

    /** The service sent every row (its RUN line), and the agent under test was really attached. */
    private static void checkRan(AgentVariant variant, Path log, int rows) throws Exception {
        String output = Files.readString(log);
        String runLine = output.lines().filter(l -> l.startsWith("RUN ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the service printed no RUN line:\n" + Forked.tail(log)));
        long sent = 0;
        for (Matcher m = ROW_COUNTS.matcher(runLine); m.find(); ) {
            sent += Long.parseLong(m.group(1));
        }
        if (sent != expectedRowResults(rows) || !output.contains(variant.attachedMarker)) {
            throw new IllegalStateException(variant.label + ": expected " + expectedRowResults(rows) + " row results and '"
                    + variant.attachedMarker + "' in the log, got " + runLine + "\n" + Forked.tail(log));
        }
    }

    /** Every contact goes to the CRM; the even-numbered ones also join the audience. */
    static long expectedRowResults(int rows) {
        return rows + rows / 2;
    }

    record Summary(int triples, int rows, long expectedRowResults, Map<AgentVariant, List<Forked.Timing>> full,
                   Map<AgentVariant, List<Forked.Timing>> oneBatch, ExportedRows completeness) {

        /** Median over the triples of (full − one-batch), in nanoseconds. */
        long netMedian(AgentVariant variant, ToLongFunction<Forked.Timing> measure) {
            List<Long> nets = new ArrayList<>();
            for (int i = 0; i < triples; i++) {
                nets.add(measure.applyAsLong(full.get(variant).get(i)) - measure.applyAsLong(oneBatch.get(variant).get(i)));
            }
            return Median.of(nets);
        }

        /** Median over the triples of this variant's net time ÷ the no-agent run's net time of the same triple. */
        double ratio(AgentVariant variant, ToLongFunction<Forked.Timing> measure) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < triples; i++) {
                double net = measure.applyAsLong(full.get(variant).get(i)) - measure.applyAsLong(oneBatch.get(variant).get(i));
                double baseline = measure.applyAsLong(full.get(AgentVariant.NO_AGENT).get(i))
                        - measure.applyAsLong(oneBatch.get(AgentVariant.NO_AGENT).get(i));
                ratios.add(net / baseline);
            }
            return Median.of(ratios);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(String.format(
                    "Whole job: the example sync service, %,d rows (%,d row results), loopback destinations in their own"
                            + " process;%nmedians of %d alternating triples, a one-batch run (%d rows) of each variant"
                            + " subtracted%n%n", rows, expectedRowResults, triples, ONE_BATCH_ROWS));
            out.append(String.format("%-20s | %10s | %10s | %10s | %10s | %12s%n",
                    "variant", "wall", "CPU", "wall ratio", "CPU ratio", "1-batch wall"));
            out.append("-".repeat(20)).append("-+-").append("-".repeat(10)).append("-+-").append("-".repeat(10))
                    .append("-+-").append("-".repeat(10)).append("-+-").append("-".repeat(10)).append("-+-")
                    .append("-".repeat(12)).append('\n');
            for (AgentVariant variant : AgentVariant.values()) {
                List<Long> oneBatchWall = new ArrayList<>();
                oneBatch.get(variant).forEach(t -> oneBatchWall.add(t.wallNanos()));
                out.append(String.format("%-20s | %8.2f s | %8.2f s | %10.3f | %10.3f | %10.2f s%n", variant.label,
                        netMedian(variant, Forked.Timing::wallNanos) / 1e9, netMedian(variant, Forked.Timing::cpuNanos) / 1e9,
                        ratio(variant, Forked.Timing::wallNanos), ratio(variant, Forked.Timing::cpuNanos),
                        Median.of(oneBatchWall) / 1e9));
            }
            if (netMedian(AgentVariant.NO_AGENT, Forked.Timing::wallNanos) <= 0) {
                out.append("\nThe job is too small to measure here: without an agent, the full run took no longer than the"
                        + " one-batch run, so the ratios are noise.\n");
            }
            double synclog = ratio(AgentVariant.SYNCLOG, Forked.Timing::wallNanos);
            out.append(String.format("%nvs target: whole-job wall time with the synclog agent %.3f × without it (target ≤ %.2f):"
                    + " %s%n", synclog, TARGET_RATIO, synclog <= TARGET_RATIO ? "met" : "MISSED"));
            out.append("last synclog run ").append(completeness.describe(expectedRowResults));
            return out.toString();
        }
    }
}
