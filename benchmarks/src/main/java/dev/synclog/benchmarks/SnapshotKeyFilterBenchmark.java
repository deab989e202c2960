package dev.synclog.benchmarks;

import java.sql.Statement;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.synclog.events.RowResult;
import dev.synclog.events.RunStarted;
import dev.synclog.exporter.load.AgentInfo;
import dev.synclog.exporter.load.BatchAssembler;
import dev.synclog.exporter.load.BatchLoader;
import dev.synclog.exporter.load.LoadPhase;
import dev.synclog.exporter.load.LoadedRows;
import dev.synclog.exporter.warehouse.Column;
import dev.synclog.exporter.warehouse.SchemaMigrator;
import dev.synclog.exporter.warehouse.Tables;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * What reading a sync's snapshot keys into the exporter's key filter costs: the snapshot of one sync holds
 * {@code keys} keys; per round, a fresh connection (an exporter restarted) loads two batches of one new key each. The
 * first looks its key up (the snapshot holds keys of the sync), the second reads the sync's keys into the filter (the
 * first batch's keys were all new). Prints the second batch's {@code key_filter} time per round.
 *
 * <p>Args: {@code [keys] [rounds]}, defaults 1000000, 3. PostgreSQL is an embedded server started for the run.
 */
public final class SnapshotKeyFilterBenchmark {
    private SnapshotKeyFilterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double[] seconds = run(keys, rounds);
        for (int round = 0; round < rounds; round++) {
            System.out.printf(Locale.ROOT, "round %d: %,d keys read into the filter in %.2f s%n", round + 1, keys,
                    seconds[round]);
        }
    }

    /** @return per round, the seconds the second batch spent reading the sync's keys into its filter */
    static double[] run(int keys, int rounds) throws Exception {
        double[] seconds = new double[rounds];
        try (PostgresWarehouse postgres = new PostgresWarehouse()) {
            try (Warehouse w = Warehouse.connect(postgres.url(), "bench");
                 Statement s = w.connection().createStatement()) {
                new SchemaMigrator(w).migrate();
                String columns = Tables.SNAPSHOT.columns().stream().map(Column::name).collect(Collectors.joining(", "));
                s.execute("INSERT INTO " + w.table(Tables.SNAPSHOT) + " (" + columns + ") SELECT 's', 'r',"
                        + " 'contact-' || i, 'added', 'succeeded', NULL, '{}', 'crm', 'contact', 200, 1, now(), 't', 1,"
                        + " 'src', i, 0, 'r'"
                        + " FROM generate_series(1, " + keys + ") i");
                s.execute("VACUUM ANALYZE " + w.table(Tables.SNAPSHOT));
            }
            for (int round = 0; round < rounds; round++) {
                try (Warehouse w = Warehouse.connect(postgres.url(), "bench")) {
                    BatchLoader loader = new BatchLoader(w, 10_000_000);
                    String source = "source-" + round;
                    loader.positions().load(source);
                    BatchAssembler batches = new BatchAssembler(source, -1, AgentInfo.UNKNOWN);
                    LoadedRows second = null;
                    for (int batch = 1; batch <= 2; batch++) {
                        String run = "r" + round + "-" + batch;
                        batches.runStarted(new RunStarted().syncId("s").runId(run).eventTimeMicros(1), 2L * batch);
                        batches.rowResult(new RowResult().syncId("s").runId(run).rowId("new-" + run).opType("upsert")
                                .status("succeeded").fields("{}").attempt(1).eventTimeMicros(2), 2L * batch + 1);
                        second = loader.load(batches.take());
                    }
                    seconds[round] = second.times().nanos(LoadPhase.KEY_FILTER) / 1e9;
                }
            }
        }
        return seconds;
    }
}
