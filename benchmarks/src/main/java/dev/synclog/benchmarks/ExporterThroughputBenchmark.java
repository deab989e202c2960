package dev.synclog.benchmarks;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import picocli.CommandLine;

import dev.synclog.exporter.ExporterMain;
import dev.synclog.exporter.warehouse.TableDefinition;
import dev.synclog.exporter.warehouse.Tables;

/**
 * Exporter throughput against the raw fast path on the same rows (design target: at least 80%). One queue of
 * {@code rows} row results is written once; then, per round and warehouse, in an order that rotates every round, three
 * loads into a fresh schema created by {@code init} (not timed):
 * <ul>
 * <li>raw into {@code sync_changelog} alone (the baseline: one table);</li>
 * <li>raw into {@code sync_changelog} and {@code sync_snapshot} (the floor for what the exporter must write);</li>
 * <li>{@code run --once} of the exporter, in this JVM: queue reading, upsert resolution, snapshot merge, runs and the
 * read position, committed every {@value #BATCH_ROWS} rows as the raw loads are;</li>
 * <li>the same, for a second run sending the same keys again, into a warehouse that loaded the first run (untimed):
 * what real syncs do every run, through the snapshot's update path.</li>
 * </ul>
 * The exporter's loads also print its time per part of loading (its {@code --once} closing line).
 * Each timing covers opening the connection to closing it (DuckDB folds its log into the file on close). Prints every
 * round (with this JVM's CPU time), then the medians and the exporter's ratio to each baseline. Every load is checked
 * to have written all rows; nothing is asserted about speed.
 *
 * <p>Args: {@code [rows] [rounds] [duckdb,postgres]}, defaults 500000, 5, both. PostgreSQL is an embedded server
 * (zonky's binaries) started for the run.
 */
public final class ExporterThroughputBenchmark {
    /**
     * CPU time of this JVM, printed beside each figure: on a shared machine it is steadier than wall time. It holds
     * DuckDB's work (in process) but not PostgreSQL's (a server process).
     */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The exporter's default {@code --batch-rows}; the raw loads commit as often. */
    static final int BATCH_ROWS = 50_000;

    enum Target { DUCKDB, POSTGRES }

    enum Load {
        RAW_CHANGELOG("raw, 1 table"), RAW_BOTH_TABLES("raw, 2 tables"), EXPORTER("exporter"),
        /** The same keys in a second run, into a warehouse that loaded the first (untimed): the snapshot's update path. */
        EXPORTER_RESENT("exporter, re-sent keys");

        final String label;

        Load(String label) {
            this.label = label;
        }
    }

    /** Median rows/s per load for one warehouse. */
    record Summary(Target target, int rows, int rounds, Map<Load, Double> medianRowsPerSecond) {
        double ratio(Load exporter, Load baseline) {
            return medianRowsPerSecond.get(exporter) / medianRowsPerSecond.get(baseline);
        }

        @Override
        public String toString() {
            // Ends with the new keys' ratios, which bin/synclog bench reads.
            return String.format(Locale.ROOT, "%s, %,d rows, median of %d: raw 1 table %,.0f rows/s, raw 2 tables %,.0f"
                            + " rows/s, exporter re-sent keys %,.0f rows/s (%.0f%% of raw 2 tables), exporter %,.0f"
                            + " rows/s = %.0f%% of raw 1 table, %.0f%% of raw 2 tables",
                    target, rows, rounds, medianRowsPerSecond.get(Load.RAW_CHANGELOG),
                    medianRowsPerSecond.get(Load.RAW_BOTH_TABLES), medianRowsPerSecond.get(Load.EXPORTER_RESENT),
                    100 * ratio(Load.EXPORTER_RESENT, Load.RAW_BOTH_TABLES), medianRowsPerSecond.get(Load.EXPORTER),
                    100 * ratio(Load.EXPORTER, Load.RAW_CHANGELOG), 100 * ratio(Load.EXPORTER, Load.RAW_BOTH_TABLES));
        }
    }

    private ExporterThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!ChronicleJvm.internalsOpen()) {
            System.exit(ChronicleJvm.relaunch(ExporterThroughputBenchmark.class, args));
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Target> targets = args.length > 2
                ? Arrays.stream(args[2].split(",")).map(t -> Target.valueOf(t.trim().toUpperCase(Locale.ROOT))).toList()
                : List.of(Target.values());
        for (Summary s : run(rows, rounds, targets, new PrintWriter(System.out, true))) {
            System.out.println(s);
        }
    }

    static List<Summary> run(int rows, int rounds, List<Target> targets, PrintWriter log) throws Exception {
        Path work = Files.createTempDirectory("synclog-exporter-bench");
        EmbeddedPostgres postgres = targets.contains(Target.POSTGRES) ? EmbeddedPostgres.builder().start() : null;
        try {
            Path queue = work.resolve("queue");
            String sourceId = BenchRows.writeQueue(queue, rows, BenchRows.RUN_ID);
            Path resent = work.resolve("queue-resent");
            BenchRows.writeQueue(resent, rows, BenchRows.RESENT_RUN_ID);
            List<Summary> summaries = new ArrayList<>();
            for (Target target : targets) {
                Map<Load, List<Double>> rates = new EnumMap<>(Load.class);
                for (int round = 0; round < rounds; round++) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s round %d:", target, round + 1));
                    for (int k = 0; k < Load.values().length; k++) {
                        Load load = Load.values()[(round + k) % Load.values().length];
                        String url = target == Target.DUCKDB
                                ? "jdbc:duckdb:" + work.resolve("w-" + UUID.randomUUID() + ".duckdb")
                                : "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
                        String schema = "b_" + UUID.randomUUID().toString().replace("-", "");
                        exporter("init", "--warehouse", url, "--schema", schema);
                        if (load == Load.EXPORTER_RESENT) {
                            runOnce(queue, url, schema);
                        }
                        long cpuStart = PROCESS.getProcessCpuTime();
                        long start = System.nanoTime();
                        String phases = switch (load) {
                            case EXPORTER -> runOnce(queue, url, schema);
                            case EXPORTER_RESENT -> runOnce(resent, url, schema);
                            case RAW_CHANGELOG, RAW_BOTH_TABLES -> {
                                RawLoad.load(url, schema, tables(load), rows, BATCH_ROWS, sourceId);
                                yield "";
                            }
                        };
                        double rate = rows / ((System.nanoTime() - start) / 1e9);
                        double cpuSeconds = (PROCESS.getProcessCpuTime() - cpuStart) / 1e9;
                        rates.computeIfAbsent(load, l -> new ArrayList<>()).add(rate);
                        line.append(String.format(Locale.ROOT, "%n  %s %,.0f rows/s (%.2f s CPU)%s", load.label, rate,
                                cpuSeconds, phases.isEmpty() ? "" : "; " + phases));
                        requireAllRows(url, schema, load, rows);
                        dropWarehouse(target, url, schema);
                    }
                    log.println(line);
                }
                Map<Load, Double> medians = new EnumMap<>(Load.class);
                rates.forEach((load, r) -> medians.put(load, median(r)));
                summaries.add(new Summary(target, rows, rounds, medians));
            }
            return summaries;
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The tables a load must fill: the exporter fills both. */
    private static List<TableDefinition> tables(Load load) {
        return load == Load.RAW_CHANGELOG ? RawLoad.CHANGELOG : RawLoad.CHANGELOG_AND_SNAPSHOT;
    }

    /** @return the exporter's closing line's time per part of loading */
    private static String runOnce(Path queue, String url, String schema) {
        String err = exporter("run", "--once", "--queue", queue.toString(), "--warehouse", url, "--schema", schema,
                "--batch-rows", Integer.toString(BATCH_ROWS));
        String marker = "time per part of loading: ";
        int at = err.indexOf(marker);
        return at < 0 ? "" : err.substring(at + marker.length()).lines().findFirst().orElse("");
    }

    /** Runs one exporter command in this JVM, so that its code is as warm as the raw loads'; returns its stderr. */
    private static String exporter(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = ExporterMain.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        if (code != 0) {
            throw new IllegalStateException("synclog-exporter " + String.join(" ", args) + " exited " + code + ": " + err);
        }
        return err.toString();
    }

    /** A load that lost rows would look fast: every figure is checked against the rows it claims. */
    private static void requireAllRows(String url, String schema, Load load, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (TableDefinition definition : tables(load)) {
                String table = definition.name();
                // The re-sent run's rows join the first run's in the changelog, and update the same snapshot keys.
                long expected = load == Load.EXPORTER_RESENT && definition == Tables.CHANGELOG ? 2L * rows : rows;
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM \"" + schema + "\".\"" + table + "\"")) {
                    r.next();
                    if (r.getLong(1) != expected) {
                        throw new IllegalStateException(load.label + " left " + r.getLong(1) + " rows in " + table
                                + " instead of " + expected + " (" + url + ", schema " + schema + ")");
                    }
                }
            }
        }
    }

    /** Keeps the disk from filling over many rounds of half a million rows. */
    private static void dropWarehouse(Target target, String url, String schema) throws Exception {
        if (target == Target.POSTGRES) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
            }
        } else {
            Path file = Path.of(url.substring("jdbc:duckdb:".length()));
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".wal"));
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
