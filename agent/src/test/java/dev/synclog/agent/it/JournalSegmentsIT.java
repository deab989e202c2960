package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.agent.it.apps.SendThenWaitApp;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of a process that calls on and on stays a few segments: those written to the queue are deleted while
 * the app runs, the last at its exit; a kill -9 leaves a journal of several segments that the next agent writes out,
 * no row lost or doubled. Segments are made small (an internal property) so that a short run crosses dozens.
 */
class JournalSegmentsIT {
    private static final long SEGMENT_BYTES = 8 << 10;
    /** About 400 journal bytes each (request rows and outcome): some 50 segments. */
    private static final int CALLS = 1000;
    private static final int THREADS = 8;
    /**
     * The segment being appended and the spare made ahead, plus those holding calls in flight or not yet read by the
     * writer, which trails the app's threads by a few calls (some segments on a loaded machine). A journal that kept
     * all 50 fails. Measured
     * once the writer has caught up with the app: the queue opens after the first call, and the calls made while it
     * opens wait in the journal.
     */
    private static final long JOURNAL_BOUND_BYTES = 8 * SEGMENT_BYTES;
    private static final long CAUGHT_UP_BYTES = JOURNAL_BOUND_BYTES / 2;
    private static final Pattern ROW_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @TempDir
    Path work;

    @Test
    void aLongRunKeepsAFewSegmentsOnlyTheLiveOneOnceWrittenNoneAfterExitEveryRowOnce() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path journal = sync.queueDir().resolve("journal");
            Path stop = work.resolve("stop");
            long largest = 0;
            boolean caughtUp = false;
            SparesTaken sparesTaken = new SparesTaken();
            AgentProcess.Result result;
            try (AgentProcess.Running app = withSmallSegments(sync).start(work, SendThenWaitApp.class,
                    withStopFile(stop, sync.sendArgs("jdk", sync.writeBody(AudienceSync.TWO_MEMBERS), CALLS, THREADS)))) {
                while (app.isAlive() && !app.stdoutSoFar().contains("SENT")) {
                    long bytes = bytesUnder(journal);
                    caughtUp |= bytes <= CAUGHT_UP_BYTES && writerPassedFirstSegment(journal);
                    if (caughtUp) {
                        largest = Math.max(largest, bytes);
                    }
                    sparesTaken.look(journal);
                    Thread.sleep(5);
                }
                assertThat(app.isAlive()).as("the app waits once it has sent").isTrue();
                List<String> left = awaitOneSegment(journal, app);
                assertThat(left).as("the journal once every call is written, while the app runs: its live segment,"
                        + " lock and spare").hasSize(3).anyMatch(name -> name.endsWith(".lock"))
                        .anyMatch(name -> name.endsWith(".spare"));
                assertThat(left.stream().filter(name -> name.endsWith(".journal")).findFirst().orElseThrow())
                        .as("the live segment starts far into the journal").doesNotEndWith("-0.mapped.journal");
                Files.createFile(stop);
                result = app.await().assertOk();
            }
            System.out.printf("JournalSegmentsIT: %d calls through %d-byte segments, journal on disk at most %d bytes"
                    + " while the app ran, once the writer had caught up; %d segments seen that were the writer's"
                    + " spares%n", CALLS, SEGMENT_BYTES, largest, sparesTaken.count);
            assertThat(sparesTaken.count).as("segments seen that were the writer's spares: rolls that wrote no zeros")
                    .isPositive();
            assertThat(largest).as("journal bytes on disk while the app ran, once the writer had caught up").isPositive()
                    .isLessThanOrEqualTo(JOURNAL_BOUND_BYTES);
            assertThat(namesUnder(journal)).as("the journal after a clean exit").isEmpty();
            assertThat(result.agentLines()).noneMatch(line -> line.contains("journal"));

            RecordedEvents events = sync.recorded();
            List<String> expected = AudienceSync.rowIdsOf(CALLS);
            assertThat(events.rows.stream().collect(Collectors.groupingBy(RowResult::rowId, Collectors.counting())))
                    .as("times each row was recorded")
                    .isEqualTo(expected.stream().collect(Collectors.toMap(Function.identity(), id -> 1L)));
            assertThat(events.calls).hasSize(CALLS);
            assertThat(events.dropped).isEmpty();
        }
    }

    @Test
    void aKillInAJournalOfManySegmentsIsWrittenOutByTheNextAgentNoRowLostOrDoubled() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            // The call of rows m5-a and m5-b gets no answer: in flight at the kill, it holds its segment and all later.
            CountDownLatch unanswered = new CountDownLatch(1);
            Set<String> received = ConcurrentHashMap.newKeySet();
            sync.destination.on(AudienceSync.PATH, (request, attempt) -> {
                String body = new String(request, StandardCharsets.UTF_8);
                List<String> ids = idsIn(body);
                if (ids.contains("m5-a")) {
                    await(unanswered);
                }
                received.addAll(ids);
                return Response.json(200, "{\"results\":[" + String.join(",", ids.stream().map(id -> "{\"ok\":true}")
                        .toList()) + "]}");
            });
            Path journal = sync.queueDir().resolve("journal");
            List<String> atKill;
            Set<String> answered;
            try (AgentProcess.Running app = withSmallSegments(sync).start(work, SendThenWaitApp.class,
                    withStopFile(work.resolve("stop"), sync.sendArgs("jdk", sync.writeBody(AudienceSync.TWO_MEMBERS),
                            CALLS, THREADS)))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // Half the calls answered (two rows each): the killed journal holds some 25 segments.
                while (app.isAlive() && received.size() < CALLS && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(app.isAlive()).as("the app still runs, its call m5 unanswered").isTrue();
                app.kill9();
                atKill = namesUnder(journal);
                answered = Set.copyOf(received);
            } finally {
                unanswered.countDown();
            }
            assertThat(atKill.stream().filter(name -> name.endsWith(".journal")))
                    .as("segments the killed app left: from the one of its call in flight on").hasSizeGreaterThan(3);

            Path nextBody = Files.writeString(work.resolve("next.json"), "{\"members\":[{\"id\":\"next{n}\"}]}");
            AgentProcess.Result next = withSmallSegments(sync).run(work, SendApp.class,
                    sync.sendArgs("jdk", nextBody, 1, 1)).assertOk();
            assertThat(next.agentLines()).anyMatch(line -> line.contains("recovered the journal of process"));
            assertThat(namesUnder(journal)).as("the journals once the next agent wrote them and exited").isEmpty();

            RecordedEvents events = sync.recorded();
            Map<String, List<RowResult>> byRow = events.rows.stream().filter(row -> row.rowId().startsWith("m"))
                    .collect(Collectors.groupingBy(RowResult::rowId));
            assertThat(byRow.values()).as("rows of the killed app recorded more than once").allMatch(rows -> rows.size() == 1);
            assertThat(byRow.keySet()).as("rows the destination answered, all recorded").containsAll(answered);
            assertThat(byRow.get("m5-a")).singleElement().satisfies(row -> {
                assertThat(row.status()).isEqualTo("failed");
                assertThat(row.failureReason()).contains("the process ended before the response");
            });
            assertThat(byRow.values().stream().map(rows -> rows.get(0))
                    .filter(row -> !answered.contains(row.rowId())))
                    .as("rows recorded that the destination never answered: in flight at the kill")
                    .allMatch(row -> row.failureReason() != null
                            && row.failureReason().contains("the process ended before the response"));
            assertThat(events.rows).filteredOn(row -> row.rowId().startsWith("next")).hasSize(1);
            System.out.printf("JournalSegmentsIT: killed with %d journal segments on disk (and %s spare); %d rows"
                    + " answered before the kill, %d recorded in all%n",
                    atKill.stream().filter(name -> name.endsWith(".journal")).count(),
                    atKill.stream().anyMatch(name -> name.endsWith(".spare")) ? "a" : "no", answered.size(), byRow.size());
        }
    }

    private static AgentProcess withSmallSegments(AudienceSync sync) throws IOException {
        return AgentProcess.withConfig(sync.writeConfig("", ""))
                .jvmOption("-Dsynclog.journal.segmentBytes=" + SEGMENT_BYTES);
    }

    private static String[] withStopFile(Path stop, String[] sendArgs) {
        List<String> args = new ArrayList<>();
        args.add(stop.toString());
        args.addAll(List.of(sendArgs));
        return args.toArray(String[]::new);
    }

    /**
     * Waits (30 s at most) until the writer has deleted all but the live segment and made its spare; the journal's
     * files then.
     */
    private static List<String> awaitOneSegment(Path journal, AgentProcess.Running app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> names = namesUnder(journal);
        while ((names.stream().filter(name -> name.endsWith(".journal")).count() > 1
                || names.stream().noneMatch(name -> name.endsWith(".spare")))
                && app.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            names = namesUnder(journal);
        }
        return names;
    }

    private static List<String> idsIn(String body) {
        List<String> ids = new ArrayList<>();
        Matcher m = ROW_ID.matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first segment is gone and a later one is there: the writer is open and deleting what it has written. */
    private static boolean writerPassedFirstSegment(Path journal) throws IOException {
        List<String> segments = namesUnder(journal).stream().filter(name -> name.endsWith(".journal")).toList();
        return !segments.isEmpty() && segments.stream().noneMatch(name -> name.endsWith("-0.mapped.journal"));
    }

    private static List<String> namesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Rolls seen to take the writer's spare: a segment first seen with the file (inode) of a spare seen at an earlier
     * look. A spare's file stops being the spare only when a roll renames it (or at exit), so a count above 0 proves a
     * roll took one, even if a later file gets an inode freed since.
     */
    private static final class SparesTaken {
        private final Map<Object, Integer> spareSeenAt = new HashMap<>();
        private final Set<String> segmentsSeen = new HashSet<>();
        private int look;
        int count;

        void look(Path journal) throws IOException {
            look++;
            for (String name : namesUnder(journal)) {
                Object file;
                try {
                    file = Files.readAttributes(journal.resolve(name), BasicFileAttributes.class).fileKey();
                } catch (NoSuchFileException deleted) {
                    continue;
                }
                if (name.endsWith(".spare")) {
                    spareSeenAt.putIfAbsent(file, look);
                } else if (name.endsWith(".journal") && segmentsSeen.add(name)
                        && spareSeenAt.getOrDefault(file, look) < look) {
                    count++;
                }
            }
        }
    }

    /** The journal's bytes on disk now; a segment deleted while it is summed counts as gone. */
    private static long bytesUnder(Path dir) throws IOException {
        long bytes = 0;
        for (String name : namesUnder(dir)) {
            try {
                bytes += Files.size(dir.resolve(name));
            } catch (NoSuchFileException deleted) {
                // deleted between the listing and the look
            }
        }
        return bytes;
    }
}
