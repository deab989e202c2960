package dev.synclog.example;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * New audience members added at a steady rate, through the sync service's own audience client
 * ({@code HttpURLConnection}): the app of the freshness benchmark (benchmarks module). Calls of {@code --batch}
 * members are paced so that {@code --rows-per-second} hold for {@code --seconds}; a late call goes at once, so the
 * average rate holds when the destination keeps up. After each call it prints
 * {@code CALL first=N rows=K done_us=MICROS}: the wall clock (epoch microseconds) when the call returned, that is
 * when the app had its rows' results. Member n has the id {@code M%09d}.
 */
public final class PacedAudienceFeed {
    static final String USAGE = """
            usage: java -cp synclog-example.jar dev.synclog.example.PacedAudienceFeed --audience-url URL
                     --rows-per-second R --seconds S [--batch N] [--token TOKEN] [--audience-id ID]
              --audience-url URL       the audience API (DestinationServers' audience.url)
              --rows-per-second R      members added per second
              --seconds S              how long to keep the rate
              --batch N                members per call (default: 100)""";

    private PacedAudienceFeed() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine.run(args, PacedAudienceFeed::run);
    }

    private static void run(String[] args) {
        CommandLine cli = new CommandLine(USAGE,
                Set.of("audience-url", "rows-per-second", "seconds", "batch", "token", "audience-id"), Set.of(), args);
        long rowsPerSecond = cli.wholeNumber("rows-per-second");
        int batch = cli.integer("batch", 100);
        if (rowsPerSecond < 1 || batch < 1) {
            throw new IllegalArgumentException("--rows-per-second and --batch must be at least 1\n" + USAGE);
        }
        long totalRows = rowsPerSecond * cli.wholeNumber("seconds");
        AudienceClient audience = new AudienceClient(
                new BatchPoster(new UrlConnectionTransport(Duration.ofSeconds(30)), cli.optional("token", "demo-token"),
                        new ObjectMapper()),
                URI.create(cli.required("audience-url")), cli.optional("audience-id", "newsletter"));

        long nanosPerBatch = TimeUnit.SECONDS.toNanos(batch) / rowsPerSecond;
        long start = System.nanoTime();
        long failed = 0;
        for (long first = 1, call = 0; first <= totalRows; first += batch, call++) {
            LockSupport.parkNanos(start + call * nanosPerBatch - System.nanoTime());
            List<Contact> members = members(first, (int) Math.min(batch, totalRows - first + 1));
            BatchResult result = audience.add(1, members);
            long doneMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            failed += members.stream().filter(m -> result.failureOf(m.id()).isPresent()).count();
            System.out.println("CALL first=" + first + " rows=" + members.size() + " done_us=" + doneMicros);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("FEED rows=%d failed=%d seconds=%.1f rows_per_second=%.0f%n",
                totalRows, failed, seconds, totalRows / seconds);
    }

    private static List<Contact> members(long first, int count) {
        List<Contact> members = new ArrayList<>(count);
        for (long n = first; n < first + count; n++) {
            members.add(new Contact(String.format("M%09d", n), "member." + n + "@example.com", "ada", "lovelace",
                    "free", 30, true));
        }
        return members;
    }
}
