package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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

    enum Variant {
        NO_AGENT("no agent"), SYNCLOG("synclog agent"), OPENTELEMETRY("OpenTelemetry agent");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

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
            Map<Variant, List<Forked.Timing>> full = new EnumMap<>(Variant.class);
            Map<Variant, List<Forked.Timing>> oneBatch = new EnumMap<>(Variant.class);
            Path lastSynclogQueue = null;
            for (int triple = 0; triple < triples; triple++) {
                // Rotate which variant goes first, so a drift in the machine's state weighs on all alike.
                for (int i = 0; i < Variant.values().length; i++) {
                    Variant variant = Variant.values()[(triple + i) % Variant.values().length];
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
            Completeness completeness = benchmark.loadedRows(lastSynclogQueue);
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
    private Job job(Variant variant, Path table, int rows, DestinationProcess destinations) throws Exception {
        int number = ++runsStarted;
        Path queue = variant == Variant.SYNCLOG ? work.resolve("queue-" + number) : null;
        List<String> args = new ArrayList<>(agentOptions(variant, queue));
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

    private List<String> agentOptions(Variant variant, Path queue) {
        return switch (variant) {
            case NO_AGENT -> List.of();
            case SYNCLOG -> List.of("-javaagent:" + repository.agentJar() + "=config=" + repository.exampleAgentConfig(),
                    "-Dsynclog.queue=" + queue);
            case OPENTELEMETRY -> List.of("-javaagent:" + repository.openTelemetryAgentJar(),
                    "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none");
        };
    }

    /** The service sent every row (its RUN line), and the agent under test was really attached. */
    private static void checkRan(Variant variant, Path log, int rows) throws Exception {
        String output = Files.readString(log);
        String runLine = output.lines().filter(l -> l.startsWith("RUN ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the service printed no RUN line:\n" + Forked.tail(log)));
        long sent = 0;
        for (Matcher m = ROW_COUNTS.matcher(runLine); m.find(); ) {
            sent += Long.parseLong(m.group(1));
        }
        String attached = switch (variant) {
            case NO_AGENT -> "";
            case SYNCLOG -> "synclog: agent ";
            case OPENTELEMETRY -> "opentelemetry-javaagent - version";
        };
        if (sent != expectedRowResults(rows) || !output.contains(attached)) {
            throw new IllegalStateException(variant.label + ": expected " + expectedRowResults(rows) + " row results and '"
                    + attached + "' in the log, got " + runLine + "\n" + Forked.tail(log));
        }
    }

    /** Every contact goes to the CRM; the even-numbered ones also join the audience. */
    static long expectedRowResults(int rows) {
        return rows + rows / 2;
    }

    /** What the exporter loads from the last synclog run's queue: proof that no event was dropped to keep up. */
    record Completeness(long rowsLoaded, long eventsDropped) {
    }

    private Completeness loadedRows(Path queue) throws Exception {
        try (PostgresWarehouse warehouse = new PostgresWarehouse()) {
            Forked.runTimed(ExporterCommand.run(repository, queue, warehouse.url(), "synclog", true),
                    work.resolve("exporter.log"), RUN_TIMEOUT);
            return new Completeness(warehouse.count("SELECT count(*) FROM synclog.sync_changelog"),
                    warehouse.count("SELECT coalesce(sum(events_dropped), 0) FROM synclog.sync_runs"));
        }
    }

    record Summary(int triples, int rows, long expectedRowResults, Map<Variant, List<Forked.Timing>> full,
                   Map<Variant, List<Forked.Timing>> oneBatch, Completeness completeness) {

        /** Median over the triples of (full − one-batch), in nanoseconds. */
        long netMedian(Variant variant, ToLongFunction<Forked.Timing> measure) {
            List<Long> nets = new ArrayList<>();
            for (int i = 0; i < triples; i++) {
                nets.add(measure.applyAsLong(full.get(variant).get(i)) - measure.applyAsLong(oneBatch.get(variant).get(i)));
            }
            return median(nets);
        }

        /** Median over the triples of this variant's net time ÷ the no-agent run's net time of the same triple. */
        double ratio(Variant variant, ToLongFunction<Forked.Timing> measure) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < triples; i++) {
                double net = measure.applyAsLong(full.get(variant).get(i)) - measure.applyAsLong(oneBatch.get(variant).get(i));
                double baseline = measure.applyAsLong(full.get(Variant.NO_AGENT).get(i))
                        - measure.applyAsLong(oneBatch.get(Variant.NO_AGENT).get(i));
                ratios.add(net / baseline);
            }
            return median(ratios);
        }

        boolean complete() {
            return completeness.rowsLoaded() == expectedRowResults && completeness.eventsDropped() == 0;
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
            for (Variant variant : Variant.values()) {
                List<Long> oneBatchWall = new ArrayList<>();
                oneBatch.get(variant).forEach(t -> oneBatchWall.add(t.wallNanos()));
                out.append(String.format("%-20s | %8.2f s | %8.2f s | %10.3f | %10.3f | %10.2f s%n", variant.label,
                        netMedian(variant, Forked.Timing::wallNanos) / 1e9, netMedian(variant, Forked.Timing::cpuNanos) / 1e9,
                        ratio(variant, Forked.Timing::wallNanos), ratio(variant, Forked.Timing::cpuNanos),
                        median(oneBatchWall) / 1e9));
            }
            if (netMedian(Variant.NO_AGENT, Forked.Timing::wallNanos) <= 0) {
                out.append("\nThe job is too small to measure here: without an agent, the full run took no longer than the"
                        + " one-batch run, so the ratios are noise.\n");
            }
            double synclog = ratio(Variant.SYNCLOG, Forked.Timing::wallNanos);
            out.append(String.format("%nvs target: whole-job wall time with the synclog agent %.3f × without it (target ≤ %.2f):"
                    + " %s%n", synclog, TARGET_RATIO, synclog <= TARGET_RATIO ? "met" : "MISSED"));
            out.append(String.format("last synclog run loaded by the exporter: %,d of %,d row results, %,d events dropped%s",
                    completeness.rowsLoaded(), expectedRowResults, completeness.eventsDropped(),
                    complete() ? "" : "\nWARNING: the agent did not record every row, so its ratio understates its cost"));
            return out.toString();
        }
    }

    private static <T extends Comparable<T>> T median(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
