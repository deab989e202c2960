package dev.synclog.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freshness: how long after the app has a row's result the row can be queried in the warehouse. The example's
 * paced feed ({@code PacedAudienceFeed}, with the synclog agent) adds audience members at a fixed rate and prints
 * when each call returned; the exporter runs beside it, continuous, with its default batch settings, loading a
 * PostgreSQL server; this process polls {@code sync_changelog} every {@value #POLL_MILLIS} ms and notes when
 * each row first shows. A row's freshness is that moment minus its call's return (same machine, same clock); a
 * row is seen at most one poll after its commit, so the figures are high by up to {@value #POLL_MILLIS} ms.
 * Rows of the feed's first {@code warm-up} seconds (warm-up × rate rows) are left out (JIT, the exporter's first
 * batch). Args:
 * {@code [rows per second] [seconds] [warm-up seconds]} (defaults 10000, 60, 5).
 */
public final class FreshnessBenchmark {
    static final long POLL_MILLIS = 20;
    static final double TARGET_P99_SECONDS = 2.0;
    private static final Pattern CALL = Pattern.compile("CALL first=(\\d+) rows=(\\d+) done_us=(\\d+)");
    private static final Pattern FEED = Pattern.compile("FEED rows=(\\d+) failed=(\\d+) seconds=([\\d.]+) rows_per_second=(\\d+)");

    private FreshnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println(run(Repository.fromSystemProperty(), rate, seconds, warmUp));
    }

    static Summary run(Repository repository, int rowsPerSecond, int seconds, int warmUpSeconds) throws Exception {
        int rows = Math.multiplyExact(rowsPerSecond, seconds);
        try (WorkDirectory work = new WorkDirectory("synclog-freshness");
             PostgresWarehouse warehouse = new PostgresWarehouse();
             DestinationProcess destinations = new DestinationProcess(repository, work.path())) {
            Path queue = work.path().resolve("queue");
            Path config = Files.writeString(work.path().resolve("synclog.yaml"), """
                    sync: {sync_id: freshness, destination: audience}
                    queue: {dir: "%s"}
                    endpoints:
                      - name: audience-members-add
                        object: audience_members
                        match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audienceId}/members:add"}
                        request: {rows: /members, row_id: /id, op: added}
                        response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
                    """.formatted(queue));
            Path exporterLog = work.path().resolve("exporter.log");
            Process exporter = Forked.start(ExporterCommand.run(repository, queue, warehouse.url(), "synclog", false),
                    exporterLog);
            try {
                Path feedLog = work.path().resolve("feed.log");
                Process feed = Forked.start(Forked.java(List.of(
                        "-javaagent:" + repository.agentJar() + "=config=" + config,
                        "-cp", repository.exampleJar().toString(), "dev.synclog.example.PacedAudienceFeed",
                        "--audience-url", destinations.audienceUrl(), "--rows-per-second", Integer.toString(rowsPerSecond),
                        "--seconds", Integer.toString(seconds))), feedLog);
                long[] seenMicros;
                try {
                    seenMicros = poll(warehouse, queue, rows, feed, feedLog, exporter, exporterLog,
                            Duration.ofSeconds(seconds + 120L));
                } finally {
                    Forked.stop(feed);
                }
                return summarise(Files.readString(feedLog), seenMicros, warmUpSeconds, rowsPerSecond, seconds);
            } finally {
                Forked.stop(exporter);
            }
        }
    }

    /**
     * When each row (by number, from 1) first showed in {@code sync_changelog}, in epoch microseconds; 0 for rows
     * never seen. Polls until every row is seen, or the time is up, or the exporter ends or the feed fails.
     */
    private static long[] poll(PostgresWarehouse warehouse, Path queue, int rows, Process feed, Path feedLog,
                               Process exporter, Path exporterLog, Duration timeout) throws Exception {
        long[] seen = new long[rows + 1];
        int seenCount = 0;
        long lastIndex = Long.MIN_VALUE;
        long deadline = System.nanoTime() + timeout.toNanos();
        String sourceId = null;
        try (Connection connection = warehouse.connect()) {
            PreparedStatement query = null;
            while (seenCount < rows && System.nanoTime() < deadline) {
                if (!exporter.isAlive()) {
                    throw new IllegalStateException("the exporter ended:\n" + Forked.tail(exporterLog));
                }
                if (!feed.isAlive() && feed.exitValue() != 0) {
                    throw new IllegalStateException("the feed failed:\n" + Forked.tail(feedLog));
                }
                Thread.sleep(POLL_MILLIS);
                if (sourceId == null) {
                    Path sourceFile = queue.resolve("synclog-source-id");
                    if (!Files.exists(sourceFile)) {
                        continue;
                    }
                    sourceId = Files.readString(sourceFile).trim();
                }
                if (query == null) {
                    query = prepare(connection);
                    if (query == null) {
                        continue;
                    }
                }
                long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                query.setString(1, sourceId);
                query.setLong(2, lastIndex);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        int row = Integer.parseInt(result.getString(1).substring(1));
                        if (seen[row] == 0) {
                            seen[row] = now;
                            seenCount++;
                        }
                        lastIndex = Math.max(lastIndex, result.getLong(2));
                    }
                }
            }
        }
        return seen;
    }

    /** The poll's statement, once the exporter has created the table; null before. */
    private static PreparedStatement prepare(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "synclog", "sync_changelog", null)) {
            if (!tables.next()) {
                return null;
            }
        }
        // (source_id, queue_index) is the table's primary key, so each poll reads only the new rows.
        return connection.prepareStatement("SELECT row_id, queue_index FROM synclog.sync_changelog"
                + " WHERE source_id = ? AND queue_index > ?");
    }

    private static Summary summarise(String feedOutput, long[] seenMicros, int warmUpSeconds, int rowsPerSecond,
                                     int seconds) {
        Matcher feed = FEED.matcher(feedOutput);
        if (!feed.find()) {
            throw new IllegalStateException("the feed did not finish:\n" + feedOutput);
        }
        // Warm-up is counted in rows fed, not in time since the first call: on a loaded machine a late first call
        // followed by a burst that catches up would otherwise leave every row inside the warm-up.
        long warmUpRows = (long) warmUpSeconds * rowsPerSecond;
        long[] lags = new long[seenMicros.length];
        int measured = 0;
        int missing = 0;
        for (Matcher call = CALL.matcher(feedOutput); call.find(); ) {
            long done = Long.parseLong(call.group(3));
            int first = Integer.parseInt(call.group(1));
            if (first < warmUpRows) {
                continue;
            }
            for (int row = first; row < first + Integer.parseInt(call.group(2)); row++) {
                if (seenMicros[row] == 0) {
                    missing++;
                } else {
                    lags[measured++] = seenMicros[row] - done;
                }
            }
        }
        long[] sorted = Arrays.copyOf(lags, measured);
        Arrays.sort(sorted);
        return new Summary(rowsPerSecond, seconds, Double.parseDouble(feed.group(4)), Long.parseLong(feed.group(2)),
                warmUpSeconds, measured, missing, percentile(sorted, 0.50), percentile(sorted, 0.99),
                measured == 0 ? 0 : sorted[measured - 1]);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    record Summary(int targetRate, int seconds, double achievedRate, long failedRows, int warmUpSeconds, int rowsMeasured,
                   int rowsNeverSeen, long p50Micros, long p99Micros, long maxMicros) {
        @Override
        public String toString() {
            double p99 = p99Micros / 1e6;
            return String.format("Freshness: row result in the app → row queryable in PostgreSQL (exporter continuous, default"
                            + " batch settings)%n%,d rows/s asked for %d s, %,.0f rows/s achieved (%,d rows failed at the"
                            + " destination); the first %d s left out%n%n"
                            + "rows measured | p50      | p99      | max      | never seen%n"
                            + "%,13d | %6.3f s | %6.3f s | %6.3f s | %,d%n%n"
                            + "vs target: freshness p99 %.3f s at %,.0f rows/s (target ≤ %.1f s at 10,000 rows/s): %s",
                    targetRate, seconds, achievedRate, failedRows, warmUpSeconds,
                    rowsMeasured, p50Micros / 1e6, p99, maxMicros / 1e6, rowsNeverSeen,
                    p99, achievedRate, TARGET_P99_SECONDS,
                    rowsNeverSeen > 0 ? "MISSED (rows never loaded)"
                            : p99 <= TARGET_P99_SECONDS && achievedRate >= 10_000 * 0.95 ? "met"
                            : p99 <= TARGET_P99_SECONDS ? "met at this rate only" : "MISSED");
        }
    }
}
