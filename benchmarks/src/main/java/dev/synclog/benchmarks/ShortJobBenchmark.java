package dev.synclog.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the agent costs a short JVM from its start to its end: the example sync service (integration-tests) pushing one
 * batch (100 contacts: one call to each loopback destination, which run in a process of their own), without an agent
 * and with the synclog agent, alternating in rotating order. Each run is split at its main's start and end
 * ({@link PhasedMain}): JVM and agent start-up; the service's work (its calls, and the queue's opening after the
 * first); the exit (shutdown hooks: the agent's drain, the queue's closing, the journal's deletion) to the process's
 * end. Each agent keeps its queue directory from run to run, as a job started by cron on the same host does: its
 * class cache there ({@code class-cache/}) spares later starts the instrumentation of the JDK's clients, so the first
 * run of each agent is a first start and the median one is not. Wall time is the process's, from the benchmark's
 * side; CPU time is all its threads', from /proc at main's start and end and from bash's {@code times} at its end.
 * Prints the medians of each phase and what each agent adds.
 * Args: {@code [rounds] [other agent jar]} (default 9 rounds): with another agent jar (an earlier build, say) it
 * runs as a third variant in the same rotation, for a before/after in one sitting. With {@code -Didle=MILLIS} the
 * service's JVM stays idle that long after its main before it exits ({@link PhasedMain}): the exit phase then holds
 * the agent's exit alone, not the rest of a queue opening that the job's end overtook. Run from the repository's
 * root or with {@code -Dsynclog.root}.
 */
public final class ShortJobBenchmark {
    static final int ROWS = 100;
    private static final String NO_AGENT = "no agent";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Repository repository = Repository.fromSystemProperty();
        Map<String, Path> variants = new LinkedHashMap<>();
        variants.put(NO_AGENT, null);
        variants.put("synclog agent", repository.agentJar());
        if (args.length > 1) {
            Path other = Path.of(args[1]).toAbsolutePath();
            if (!Files.isRegularFile(other)) {
                throw new IllegalArgumentException("ShortJobBenchmark [rounds] [other agent jar]: no jar at " + other);
            }
            variants.put("agent " + other.getFileName(), other);
        }
        System.out.println(run(repository, rounds, variants));
    }

    /** @param variants by label, the agent jar of each, null for none */
    static Summary run(Repository repository, int rounds, Map<String, Path> variants) throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("ShortJobBenchmark [rounds]: rounds must be at least 1, got " + rounds);
        }
        try (WorkDirectory scratch = new WorkDirectory("synclog-short-job");
             DestinationProcess destinations = new DestinationProcess(repository, scratch.path())) {
            Path work = scratch.path();
            Path table = work.resolve("contacts.csv");
            Forked.runTimed(Forked.java(List.of("-cp", repository.exampleJar().toString(),
                    "dev.synclog.example.SourceMutator", "--source", table.toString(), "--run", "1", "--seed", "42",
                    "--rows", Integer.toString(ROWS))), work.resolve("source.log"), RUN_TIMEOUT);
            Path phased = Forked.appClasses(PhasedMain.class, work);
            List<String> labels = new ArrayList<>(variants.keySet());
            Map<String, List<Phases>> runs = new LinkedHashMap<>();
            labels.forEach(label -> runs.put(label, new ArrayList<>()));
            for (int round = 0; round < rounds; round++) {
                // Rotate which variant goes first, so a drift in the machine's state weighs on all alike.
                for (int i = 0; i < labels.size(); i++) {
                    String label = labels.get((round + i) % labels.size());
                    Phases run = job(repository, work, phased, table, destinations, variants.get(label),
                            work.resolve("queue-" + labels.indexOf(label)));
                    runs.get(label).add(run);
                    System.err.printf("%s: %s%n", label, run);
                }
            }
            return new Summary(rounds, runs);
        }
    }

    /**
     * One run on a fresh state, so every row is sent, with {@code agentJar} attached unless it is null, writing to
     * {@code queue}.
     */
    private static Phases job(Repository repository, Path work, Path phased, Path table, DestinationProcess destinations,
                              Path agentJar, Path queue) throws Exception {
        List<String> args = new ArrayList<>();
        if (agentJar != null) {
            args.addAll(List.of("-javaagent:" + agentJar + "=config=" + repository.exampleAgentConfig(),
                    "-Dsynclog.queue=" + queue));
        }
        Path state = work.resolve("state");
        args.add("-Dphased.idleMillis=" + Long.getLong("idle", 0));
        args.addAll(List.of("-cp", repository.exampleJar() + File.pathSeparator + phased,
                PhasedMain.class.getName(), "dev.synclog.example.ContactSyncService", "--source", table.toString(),
                "--state", state.toString(), "--destinations", destinations.portFile().toString()));
        Path log = work.resolve("job.log");
        long forked = System.nanoTime();
        Forked.Timing timing = Forked.runTimed(Forked.java(args), log, RUN_TIMEOUT);
        List<String> lines = Files.readAllLines(log);
        long[] start = mark(lines, "main-start", log);
        long[] end = mark(lines, "main-end", log);
        if (lines.stream().noneMatch(l -> l.startsWith("RUN ")) || (agentJar != null
                && lines.stream().noneMatch(l -> l.startsWith("synclog: agent ")))) {
            throw new IllegalStateException("the service printed no RUN line, or the agent did not start:\n" + Forked.tail(log));
        }
        WorkDirectory.delete(state);
        return new Phases(start[0] - forked, end[0] - start[0], forked + timing.wallNanos() - end[0],
                start[1], end[1] - start[1], timing.cpuNanos() - end[1]);
    }

    private static long[] mark(List<String> lines, String phase, Path log) {
        String prefix = PhasedMain.PHASE + phase + " ";
        String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() ->
                new IllegalStateException("no '" + prefix + "' line in the run's output:\n" + Forked.tail(log)));
        String[] fields = line.substring(prefix.length()).split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    /** One run's wall and CPU time, in nanoseconds: before main, in main, after main to the process's end. */
    record Phases(long startWall, long mainWall, long exitWall, long startCpu, long mainCpu, long exitCpu) {
        long wall() {
            return startWall + mainWall + exitWall;
        }

        long cpu() {
            return startCpu + mainCpu + exitCpu;
        }

        @Override
        public String toString() {
            return String.format("wall %.3f s (start %.3f, main %.3f, exit %.3f), CPU %.2f s (%.2f, %.2f, %.2f)",
                    wall() / 1e9, startWall / 1e9, mainWall / 1e9, exitWall / 1e9, cpu() / 1e9, startCpu / 1e9,
                    mainCpu / 1e9, exitCpu / 1e9);
        }
    }

    record Summary(int rounds, Map<String, List<Phases>> runs) {
        private static final List<String> PHASES = List.of("wall: JVM start to main", "wall: main (the job)",
                "wall: main's end to exit", "wall: whole process", "CPU: JVM start to main", "CPU: main (the job)",
                "CPU: main's end to exit", "CPU: whole process");
        private static final List<ToLongFunction<Phases>> MEASURES = List.of(Phases::startWall, Phases::mainWall,
                Phases::exitWall, Phases::wall, Phases::startCpu, Phases::mainCpu, Phases::exitCpu, Phases::cpu);

        private long median(String label, ToLongFunction<Phases> measure) {
            List<Long> values = new ArrayList<>();
            runs.get(label).forEach(r -> values.add(measure.applyAsLong(r)));
            return Median.of(values);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(String.format("A short job: the example sync service, one batch (%d"
                    + " rows), loopback destinations in their own process; medians of %d rounds, variants alternating;%n"
                    + "idle %d ms after main; each agent's column: its median, then what it adds to no agent's%n%n", ROWS,
                    rounds, Long.getLong("idle", 0)));
            out.append(String.format("%-26s", "phase"));
            runs.keySet().forEach(label -> out.append(String.format(" | %-24s", label)));
            out.append('\n').append("-".repeat(26));
            runs.keySet().forEach(label -> out.append("-+-").append("-".repeat(24)));
            out.append('\n');
            for (int i = 0; i < PHASES.size(); i++) {
                ToLongFunction<Phases> measure = MEASURES.get(i);
                long none = median(NO_AGENT, measure);
                out.append(String.format("%-26s", PHASES.get(i)));
                for (String label : runs.keySet()) {
                    long value = median(label, measure);
                    out.append(label.equals(NO_AGENT) ? String.format(" | %8.3f s %13s", value / 1e9, "")
                            : String.format(" | %8.3f s (%+8.3f s)", value / 1e9, (value - none) / 1e9));
                }
                out.append('\n');
            }
            out.append('\n');
            for (String label : runs.keySet()) {
                if (!label.equals(NO_AGENT)) {
                    out.append(String.format("whole process, %s / no agent: %.2f wall, %.2f CPU%n", label,
                            (double) median(label, Phases::wall) / median(NO_AGENT, Phases::wall),
                            (double) median(label, Phases::cpu) / median(NO_AGENT, Phases::cpu)));
                }
            }
            return out.toString();
        }
    }
}
