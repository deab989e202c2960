package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal as a killed app leaves it: what it holds (never a protected value), a torn last append, its segments
 * (rolled while many threads append, read in order across them, deleted once read, a deleted one skipped).
 */
class CallJournalTest {
    private static final String SECRET = JournalCalls.SECRET;
    private static final String API_KEY = JournalCalls.API_KEY;
    private static final String VISIBLE = "visible-NONSECRET@x.io";
    /** Threads and calls of each in {@link JournalOnAFullDisk}. */
    private static final int THREADS = 16;
    private static final int CALLS_EACH = 40;

    @TempDir
    Path dir;
    private CallJournal journal;
    private JournalCalls calls;

    private void openJournal(long segmentBytes) throws Exception {
        calls = JournalCalls.open(dir, segmentBytes);
        journal = calls.journal;
    }

    @Test
    void holdsTheRowsAsTheQueueWouldNeverAnExcludedValueNorTheQueryString() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        // The destination echoes the secret in its failure reason, as real APIs do with offending values.
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"" + VISIBLE + "\",\"secret\":\"" + SECRET + "\"}]}",
                "{\"results\":[{\"ok\":false,\"error\":{\"message\":\"value " + SECRET + " rejected\"}}]}");

        Path segment = onlySegment();
        String bytes = Files.readString(segment, StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("the journal holds the row").contains(VISIBLE).contains("value [excluded] rejected");
        assertThat(bytes).doesNotContain(SECRET).doesNotContain(API_KEY);
        assertThat(segmentsOnDisk()).as("a segment and the lock file").hasSize(2).allSatisfy(file ->
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment.getParent())))
                .isEqualTo("rwx------");
    }

    /**
     * A kill -9 between a thread's claim and its commit leaves a record with its length and part of its payload, no
     * checksum; committed records of other threads may follow it. The torn one is skipped, every other one is read.
     */
    @Test
    void aTornAppendIsSkippedAndTheRecordsCommittedAfterItAreRead() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        for (int i = 1; i <= 3; i++) {
            send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        List<JournalEntry> whole = readDead();
        assertThat(whole).hasSize(7);
        uncommit(whole.get(3), true);

        List<JournalEntry> entries = readDead();
        List<JournalEntry> expected = new ArrayList<>(whole);
        expected.remove(3);
        assertThat(positionsOf(entries)).as("all but the torn request of p2").isEqualTo(positionsOf(expected));
        assertThat(((JournalEntry.CallSent) entries.get(4)).ids().text(0)).isEqualTo("p3");
    }

    /** A record claimed and not yet committed (its thread still copying it) is waited for, never skipped. */
    @Test
    void theLiveJournalsReaderWaitsForARecordClaimedUntilItIsCommitted() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        try (JournalSource source = journal.source()) {
            assertThat(List.of(source.next(0), source.next(0), source.next(0))).doesNotContainNull();
            assertThat(source.next(0)).isNull();
            send("{\"members\":[{\"id\":\"p2\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
            List<JournalEntry> second = readDead().subList(3, 5);
            byte[] checksum = uncommit(second.get(0), false);

            assertThat(source.next(0)).as("the request of p2, claimed, not committed").isNull();
            assertThat(source.drained()).isFalse();
            writeAt(second.get(0).position() + 4, checksum);
            JournalEntry committed = source.next(0);
            assertThat(committed).isInstanceOf(JournalEntry.CallSent.class);
            assertThat(((JournalEntry.CallSent) committed).ids().text(0)).isEqualTo("p2");
            assertThat(positionsOf(List.of(committed, source.next(0)))).isEqualTo(positionsOf(second));
            assertThat(source.drained()).isTrue();
        }
    }

    /**
     * A closed segment's mapping, the app threads' and the writer's, is released at once, not when the JVM collects it:
     * until then a deleted segment would keep its blocks and pages.
     */
    @Test
    void onlyTheSegmentsInUseStayMapped() throws Exception {
        openJournal(1024);
        for (int i = 0; i < 40; i++) {
            send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        assertThat(segmentsOf(segmentsOnDisk())).as("segments of 1 KiB").hasSizeGreaterThan(5);
        assertThat(mappedSegments()).as("mapped to append: the current segment").hasSize(1);
        try (JournalSource source = journal.source()) {
            while (source.next(0) != null) {
                // read to the end
            }
            assertThat(mappedSegments()).as("mapped to append and to read: the current segment, twice").hasSize(2)
                    .containsOnly(onlySegmentLeftToAppend());
        }
        assertThat(mappedSegments()).hasSize(1);
    }

    /** The journal's files this process maps, one line each mapping, from {@code /proc/self/maps}. */
    private List<String> mappedSegments() throws IOException {
        String journalDir = JournalCalls.dir(dir).toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(line -> line.contains(journalDir))
                .map(line -> line.substring(line.indexOf(journalDir))).toList();
    }

    private String onlySegmentLeftToAppend() throws IOException {
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        return segments.get(segments.size() - 1).path().toRealPath().toString();
    }

    /** An app thread with its interrupt set rolls the journal all the same, and keeps its interrupt. */
    @Test
    void anInterruptedThreadRollsTheJournalAndKeepsItsInterrupt() throws Exception {
        openJournal(1024);
        Thread.currentThread().interrupt();
        try {
            for (int i = 0; i < 40; i++) {
                send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
            }
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(segmentsOf(segmentsOnDisk())).as("segments of 1 KiB").hasSizeGreaterThan(5);
        assertCompleteAndInOrder(readDead(), 40);
    }

    /**
     * A record larger than a whole segment gets a segment of its own, records that do not fit in what is left of one
     * start the next: all read back whole, in order.
     */
    @Test
    void aRecordLargerThanASegmentGetsOneOfItsOwnAndAllAreReadInOrder() throws Exception {
        int segmentBytes = 64 << 10;
        openJournal(segmentBytes);
        String note = "ü«»-".repeat(segmentBytes / 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = i == 200 ? "big-😀" : "p" + i;
            ids.add(id);
            send("{\"members\":[{\"id\":\"" + id + "\",\"note\":\"" + (i == 200 ? note : "n" + i) + "\"}]}",
                    "{\"results\":[{\"ok\":true}]}");
        }

        List<String> read = new ArrayList<>();
        String bigFields = null;
        List<JournalEntry> entries = readDead();
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.CallSent call) {
                read.add(call.ids().text(0));
                if (call.ids().text(0).startsWith("big")) {
                    bigFields = call.fields().text(0);
                }
            }
        }
        assertThat(read).isEqualTo(ids);
        assertCompleteAndInOrder(entries, 400);
        assertThat(bigFields).isEqualTo("{\"id\":\"big-😀\",\"note\":\"" + note + "\"}");
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        assertThat(segments).as("segments of 64 KiB").hasSizeGreaterThan(2);
        assertThat(segments).as("the big record's own").filteredOn(segment -> segment.path().toFile().length()
                > segmentBytes).hasSize(1);
    }

    /**
     * 64 threads append at once, claiming places in the same segments, with rolls between, while a thread makes spare
     * segments ahead as the writer does: each thread's calls must come back whole, once, in the order it sent them;
     * rolls take the spares made in time (the first one at least, made before the threads start).
     */
    @Test
    void manyThreadsRollTheJournalIntoSegmentsReadInOrderAndDeletedOnceRead() throws Exception {
        openJournal(4096);
        int threads = 64;
        int callsEach = 40;
        Path spare = JournalSegment.spare(JournalCalls.dir(dir), journal.id());
        Set<Object> spareFiles = ConcurrentHashMap.newKeySet();
        assertThat(journal.prepareSpare()).isTrue();
        spareFiles.add(fileKey(spare));
        AtomicBoolean sendingNow = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            while (sendingNow.get()) {
                if (journal.prepareSpare()) {
                    try {
                        spareFiles.add(fileKey(spare));
                    } catch (IOException takenMeanwhile) {
                        // a roll renamed it: its segment is only not counted as a spare's
                    }
                }
                LockSupport.parkNanos(100_000);
            }
        }, "spares");
        writer.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier together = new CyclicBarrier(threads);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sending.add(pool.submit(() -> {
                    together.await(60, TimeUnit.SECONDS);
                    for (int i = 0; i < callsEach; i++) {
                        send("{\"members\":[{\"id\":\"t" + thread + "-" + i + "\",\"email\":\"a@x.io\"}]}",
                                "{\"results\":[{\"ok\":true}]}");
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            sendingNow.set(false);
            writer.join();
        }
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        assertThat(segments).as("segments of 4 KiB for %d calls", threads * callsEach).hasSizeGreaterThan(10);
        int fromSpares = 0;
        for (JournalSegment segment : segments) {
            fromSpares += spareFiles.contains(fileKey(segment.path())) ? 1 : 0;
        }
        assertThat(fromSpares).as("segments that were spares made ahead, of %d", segments.size()).isPositive();
        System.out.printf("CallJournalTest: %d threads, %d segments of 4 KiB, %d of them spares made ahead%n", threads,
                segments.size(), fromSpares);

        try (JournalSource source = journal.source()) {
            List<JournalEntry> entries = new ArrayList<>();
            JournalEntry entry;
            while ((entry = source.next(0)) != null) {
                entries.add(entry);
            }
            assertCompleteAndInOrder(entries, threads * callsEach);
            assertThat(assertEachThreadsCallsInOrder(entries)).hasSize(threads)
                    .allSatisfy((thread, last) -> assertThat(last).isEqualTo(callsEach - 1));
            assertThat(source.drained()).isTrue();

            source.release(() -> Long.MAX_VALUE);
            assertThat(journal.prepareSpare()).isTrue();
            assertThat(segmentsOnDisk()).as("once read, all but the segment still appended: it, the lock file and the"
                    + " spare").hasSize(3).contains(spare);
        }
        journal.delete();
        assertThat(segmentsOnDisk()).as("after the process's clean exit").isEmpty();
    }

    /**
     * A roll takes the spare segment made ahead: the segment appended to next is the spare's very file (its inode),
     * renamed to its position, so the app thread wrote no zeros. A record larger than a segment does not fit in the
     * spare: its segment is made on the roll, and the spare is taken by the roll after. A clean exit deletes the spare.
     */
    @Test
    void aRollTakesTheSpareMadeAheadUnlessTheRecordIsLargerThanASegment() throws Exception {
        openJournal(1024);
        Path spare = JournalSegment.spare(JournalCalls.dir(dir), journal.id());
        assertThat(journal.prepareSpare()).isTrue();
        Object firstSpare = fileKey(spare);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spare))).isEqualTo("rw-------");
        assertThat(segmentsOf(segmentsOnDisk())).as("the spare is no segment").hasSize(1);
        int calls = 0;
        while (segmentsOf(segmentsOnDisk()).size() < 2) {
            assertThat(calls).as("calls until the first roll").isLessThan(20);
            send("{\"members\":[{\"id\":\"p" + calls++ + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        assertThat(fileKey(segmentsOf(segmentsOnDisk()).get(1).path())).as("the second segment: the spare's file")
                .isEqualTo(firstSpare);
        assertThat(spare).doesNotExist();

        assertThat(journal.prepareSpare()).isTrue();
        Object secondSpare = fileKey(spare);
        int before = segmentsOf(segmentsOnDisk()).size();
        send("{\"members\":[{\"id\":\"big\",\"note\":\"" + "n".repeat(4096) + "\"}]}", "{\"results\":[{\"ok\":true}]}");
        calls++;
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        assertThat(segments).hasSize(before + 2);
        assertThat(segments.get(before).path().toFile().length()).as("the big request's own segment").isGreaterThan(4096);
        assertThat(fileKey(segments.get(before).path())).isNotEqualTo(secondSpare);
        assertThat(fileKey(segments.get(before + 1).path())).as("the segment of the call's end: the spare's file")
                .isEqualTo(secondSpare);
        assertCompleteAndInOrder(readDead(), calls);

        assertThat(journal.prepareSpare()).isTrue();
        journal.delete();
        assertThat(segmentsOnDisk()).as("after the process's clean exit, the spare too").isEmpty();
    }

    /**
     * A kill -9 of an app with a spare segment ready leaves it on disk: the next agent's recovery never reads it as a
     * segment, reads every call of the journal, and deletes the spare with it; a spare left without its journal (an
     * agent from before spares recovered the segments) is deleted too.
     */
    @Test
    void aSpareLeftByAKilledAppIsNeverReadAsASegmentAndIsDeletedWithItsJournal() throws Exception {
        int calls = 30;
        Path output = dir.resolve("app.out");
        Process app = new ProcessBuilder(ConfinedJvm.java(JournalKilledWithASpare.class, dir.toString(),
                String.valueOf(calls))).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(output).contains("READY")) {
                assertThat(app.isAlive() && System.nanoTime() < deadline).as(Files.readString(output)).isTrue();
                Thread.sleep(20);
            }
        } finally {
            // SIGKILL
            app.destroyForcibly().waitFor();
        }
        Path journalDir = JournalCalls.dir(dir);
        List<Path> spares = segmentsOnDisk().stream().filter(file -> JournalSegment.journalIdOfSpare(file) != null)
                .toList();
        assertThat(spares).as("the killed app's spare").hasSize(1);
        Path orphan = Files.write(JournalSegment.spare(journalDir, "4242-1700000000000"), new byte[1024]);

        List<DeadJournal> dead = DeadJournal.in(journalDir, "next-agent");
        assertThat(orphan).as("a spare without its journal").doesNotExist();
        assertThat(dead).singleElement().satisfies(journal -> {
            assertThat(journal.segments()).extracting(JournalSegment::path).doesNotContain(spares.get(0))
                    .hasSizeGreaterThan(3);
            List<JournalEntry> entries = new ArrayList<>();
            try (SegmentedJournal read = journal.read()) {
                JournalEntry entry;
                while ((entry = read.next(0)) != null) {
                    entries.add(entry);
                }
            }
            assertCompleteAndInOrder(entries, calls);
            journal.delete();
            journal.close();
        });
        assertThat(segmentsOnDisk()).as("once recovered: nothing left, the spare included").isEmpty();
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /**
     * A segment larger than the file size limit (the kernel fails the writing of its zeros, as a full disk does), 16
     * threads appending at once: see {@link #assertFullDiskDropsAndCountsAndRecordingResumes}. Spares, of a segment's
     * size, can be made: rolls take them, and those of the large records make their own and fail.
     */
    @Test
    void aSegmentPastTheFileSizeLimitDropsAndCountsItsCallsAndRecordingResumes() throws Exception {
        String printed = ConfinedJvm.underFileSizeLimit(dir.resolve("app.out"), 64, JournalOnAFullDisk.class,
                dir.toString(), String.valueOf(THREADS), String.valueOf(CALLS_EACH));
        assertFullDiskDropsAndCountsAndRecordingResumes(printed);
        assertThat(sparesOf(printed, "ready")).as(printed).isPositive();
    }

    /**
     * A real full disk, a file system of 1 MiB, filled up. Without the segment's blocks allocated before it is mapped,
     * a copy into it would kill the app with SIGBUS.
     */
    @Test
    void aFullDiskDropsAndCountsTheCallsWithoutASegmentAndRecordingResumes() throws Exception {
        Assumptions.assumeTrue(ConfinedJvm.smallDisksPossible(), "unshare -Urm makes no mount namespace here");
        Path disk = Files.createDirectory(dir.resolve("disk"));
        String printed = ConfinedJvm.onASmallDisk(dir.resolve("app.out"), disk, 1024, dir, JournalOnAFullDisk.class,
                disk.toString(), String.valueOf(THREADS), String.valueOf(CALLS_EACH), "fill");
        assertThat(printed).contains("disk filled: ").doesNotContain("A fatal error").doesNotContain("InternalError");
        assertFullDiskDropsAndCountsAndRecordingResumes(printed);
        assertThat(sparesOf(printed, "missing")).as("looks for a spare while the disk was full: %s", printed)
                .isPositive();
        assertThat(sparesOf(printed, "ready")).as("spares made once the disk had room again: %s", printed)
                .isPositive();
    }

    /** From the {@code spares ready R missing M} line {@link JournalOnAFullDisk} prints: R or M. */
    private static long sparesOf(String printed, String which) {
        String[] words = printed.lines().filter(line -> line.startsWith("spares ")).findFirst().orElseThrow().split(" ");
        return Long.parseLong(words[Arrays.asList(words).indexOf(which) + 1]);
    }

    /**
     * The calls that no segment had room for are dropped and counted, never read; every record journaled is read
     * whole, once, in its thread's order (each thread's big call dropped); and once segments can be made again,
     * recording resumes.
     */
    private void assertFullDiskDropsAndCountsAndRecordingResumes(String printed) throws IOException {
        int threads = THREADS;
        int callsEach = CALLS_EACH;
        assertThat(printed).contains("cannot make the next journal segment in ");
        long eventsDropped = 0;
        for (String line : printed.lines().filter(l -> l.startsWith("dropped ")).toList()) {
            assertThat(line).as("the only reason").startsWith("dropped write_failed ");
            eventsDropped += Long.parseLong(line.substring("dropped write_failed ".length()));
        }

        List<JournalEntry> entries = readDead();
        Set<Long> sent = new HashSet<>();
        Set<Long> ended = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.CallSent call) {
                assertThat(sent.add(call.callKey())).as("request of call %d once", call.callKey()).isTrue();
                ids.add(call.ids().text(0));
            } else if (entry instanceof JournalEntry.CallEnded end) {
                assertThat(sent).as("the request of call %d before its end", end.callKey()).contains(end.callKey());
                assertThat(ended.add(end.callKey())).as("end of call %d once", end.callKey()).isTrue();
            }
        }
        assertEachThreadsCallsInOrder(entries);
        for (int t = 0; t < threads; t++) {
            assertThat(ids).as("the big call of thread %d", t).doesNotContain("t" + t + "-" + callsEach / 2);
        }
        for (int i = 0; i < JournalOnAFullDisk.LAST_CALLS; i++) {
            assertThat(ids).as("calls once segments can be made again").contains("t99-" + i);
        }
        // A dropped request drops its call whole: its call and its row are counted.
        long callsDropped = (long) threads * callsEach + JournalOnAFullDisk.LAST_CALLS - ended.size();
        assertThat(callsDropped).isGreaterThanOrEqualTo(threads);
        assertThat(eventsDropped).as("events of the %d calls not journaled whole", callsDropped)
                .isEqualTo(2 * callsDropped);
    }

    /**
     * Drops are taken out of the journal as the writer counts them (nothing kept per run for the life of the process),
     * while app threads go on dropping: each counted once, none lost between a thread's count and the writer's.
     */
    @Test
    void dropsCountedWhileThreadsDropAreEachCountedOnceAndNotKept() throws Exception {
        calls = JournalCalls.open(dir, CallJournal.SEGMENT_BYTES, Long.MAX_VALUE);
        journal = calls.journal;
        // the first call finds the disk "full"; from then on every call is dropped and counted
        send("{\"members\":[{\"id\":\"first\"}]}", "{\"results\":[{\"ok\":true}]}");
        journal.drainDrops((run, reason, count) -> { });
        int threads = 8;
        int callsEach = 2_000;
        long[] counted = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sending.add(pool.submit(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        send("{\"members\":[{\"id\":\"t" + thread + "-" + i + "\"}]}", "{\"results\":[{\"ok\":true}]}");
                    }
                    return null;
                }));
            }
            while (sending.stream().anyMatch(f -> !f.isDone())) {
                journal.drainDrops((run, reason, count) -> counted[0] += count);
            }
            for (Future<?> f : sending) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        journal.drainDrops((run, reason, count) -> counted[0] += count);
        assertThat(counted[0]).as("events of the calls dropped: each call and its row").isEqualTo(2L * threads * callsEach);
        journal.drainDrops((run, reason, count) -> counted[0] += count);
        assertThat(counted[0]).as("nothing left once counted").isEqualTo(2L * threads * callsEach);
    }

    @Test
    void aDeadJournalIsReadAcrossItsSegmentsToItsTornLastRecordSkippingOneDeletedMeanwhile() throws Exception {
        openJournal(1024);
        int calls = 40;
        for (int i = 0; i < calls; i++) {
            send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        assertThat(segments).as("segments of 1 KiB").hasSizeGreaterThan(5);
        List<JournalEntry> whole = readDead();
        assertCompleteAndInOrder(whole, calls);

        uncommit(whole.get(whole.size() - 1), true);
        List<JournalEntry> torn = readDead();
        assertThat(positionsOf(torn)).as("all but the torn last record")
                .isEqualTo(positionsOf(whole.subList(0, whole.size() - 1)));

        // Another agent recovering the same journal deleted its first segment while this one was reading.
        try (SegmentedJournal dead = new SegmentedJournal(new ArrayDeque<>(segments), false)) {
            Files.delete(segments.get(0).path());
            List<JournalEntry> rest = new ArrayList<>();
            JournalEntry entry;
            while ((entry = dead.next(0)) != null) {
                rest.add(entry);
            }
            assertThat(positionsOf(rest)).as("the segments after the deleted one, at their journal positions")
                    .isNotEmpty().isEqualTo(positionsOf(torn.subList(torn.size() - rest.size(), torn.size())));
            assertThat(rest.get(0).position()).isEqualTo(segments.get(1).base());
        }
    }

    /** The writer opens the queue once the first call has ended: it reads up to that call's end and no further. */
    @Test
    void theQueueOpeningWaitsForTheFirstCallsEndAndKeepsWhatItRead() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        send("{\"members\":[{\"id\":\"p2\",\"email\":\"b@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        try (JournalSource source = journal.source()) {
            List<JournalEntry> early = QueueOpeningDelay.entriesUntilFirstCall(source, () -> { }, () -> false,
                    TimeUnit.SECONDS.toNanos(60));
            assertThat(early).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("RunBegan", "CallSent", "CallEnded");
            JournalEntry next = source.next(0);
            assertThat(next).as("the second call, left for the writer's loop").isInstanceOf(JournalEntry.CallSent.class);
            assertThat(((JournalEntry.CallSent) next).ids().text(0)).isEqualTo("p2");
            assertThat(((JournalEntry.CallSent) next).ids().size()).isEqualTo(1);
        }
    }

    /** No call: the wait ends at its bound, doing the housekeeping meanwhile, or at once when the app exits. */
    @Test
    void withoutACallTheQueueOpensAtTheWaitsBoundOrAtExit() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        List<String> housekeeping = new ArrayList<>();
        try (JournalSource source = journal.source()) {
            assertThat(QueueOpeningDelay.entriesUntilFirstCall(source, () -> housekeeping.add("ran"), () -> true,
                    TimeUnit.SECONDS.toNanos(60))).as("entries read when the app exits before its first call").isEmpty();
            assertThat(QueueOpeningDelay.entriesUntilFirstCall(source, () -> housekeeping.add("ran"), () -> false,
                    TimeUnit.MILLISECONDS.toNanos(300))).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("RunBegan");
        }
        assertThat(housekeeping).as("housekeeping while no entry came").isNotEmpty();
    }

    /** Every call's request then its end, positions increasing across segments: nothing lost, doubled or reordered. */
    private static void assertCompleteAndInOrder(List<JournalEntry> entries, int calls) {
        assertThat(entries).extracting(JournalEntry::position).isSorted().doesNotHaveDuplicates();
        Set<Long> sentKeys = new HashSet<>();
        Set<Long> endedKeys = new HashSet<>();
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.CallSent call) {
                assertThat(sentKeys.add(call.callKey())).as("request of call %d once", call.callKey()).isTrue();
            } else if (entry instanceof JournalEntry.CallEnded ended) {
                assertThat(sentKeys).as("the request of call %d before its end", ended.callKey()).contains(ended.callKey());
                assertThat(endedKeys.add(ended.callKey())).as("end of call %d once", ended.callKey()).isTrue();
            }
        }
        assertThat(endedKeys).hasSize(calls).isEqualTo(sentKeys);
    }

    /**
     * Row ids {@code tTHREAD-I}: each thread's requests in the order it sent them, and a call's end (unless dropped)
     * before its thread's next request. Returns the last call of each thread.
     */
    static Map<String, Integer> assertEachThreadsCallsInOrder(List<JournalEntry> entries) {
        Map<Long, String> rowOfCall = new HashMap<>();
        Map<String, Integer> lastSent = new HashMap<>();
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.CallSent call) {
                String row = call.ids().text(0);
                String thread = row.substring(0, row.indexOf('-'));
                int i = Integer.parseInt(row.substring(row.indexOf('-') + 1));
                Integer previous = lastSent.put(thread, i);
                assertThat(i).as("call %s after the thread's call %s", row, previous)
                        .isGreaterThan(previous == null ? -1 : previous);
                rowOfCall.put(call.callKey(), row);
            } else if (entry instanceof JournalEntry.CallEnded end) {
                String row = rowOfCall.get(end.callKey());
                String thread = row.substring(0, row.indexOf('-'));
                assertThat(thread + "-" + lastSent.get(thread)).as("the end of %s before the thread's next call", row)
                        .isEqualTo(row);
            }
        }
        return lastSent;
    }

    @Test
    void aDeadJournalIsRecoveredByOneAgentAtATime() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        // A journal left without its lock file, as by a process killed while exiting.
        Path deadDir = Files.createDirectory(dir.resolve("dead"));
        for (JournalSegment segment : segmentsOf(segmentsOnDisk())) {
            Files.copy(segment.path(), deadDir.resolve(segment.path().getFileName()));
        }

        List<DeadJournal> first = DeadJournal.in(deadDir, "this-agent");
        assertThat(first).as("the dead journal, claimed").hasSize(1);
        assertThat(DeadJournal.in(deadDir, "another-agent")).as("while the first agent recovers it").isEmpty();
        first.get(0).close();
        List<DeadJournal> again = DeadJournal.in(deadDir, "another-agent");
        assertThat(again).as("released without being deleted: another agent may recover it").hasSize(1);
        again.get(0).delete();
        again.get(0).close();
        assertThat(DeadJournal.in(deadDir, "a-third-agent")).isEmpty();
        try (Stream<Path> left = Files.list(deadDir)) {
            assertThat(left).as("nothing left once recovered").isEmpty();
        }
    }

    @Test
    void aSingleFileJournalOfAnAgentBeforeSegmentsIsRecoveredUnlessItsWriterStillHoldsIt() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        for (int i = 0; i < 3; i++) {
            send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        // The same records, as an agent before segments wrote them: PID-STARTMILLIS.journal, no lock file.
        Path deadDir = Files.createDirectory(dir.resolve("dead"));
        Path single = deadDir.resolve("4242-1700000000000" + JournalSegment.SUFFIX);
        List<Long> positions = writeAsAnOlderAgent(onlySegment(), single);

        try (FileChannel olderAgent = FileChannel.open(single, StandardOpenOption.WRITE);
             var held = olderAgent.lock()) {
            assertThat(DeadJournal.in(deadDir, "this-agent")).as("an older agent still running holds its file").isEmpty();
        }
        List<DeadJournal> dead = DeadJournal.in(deadDir, "this-agent");
        assertThat(dead).as("its writer gone").hasSize(1);
        try (DeadJournal journal = dead.get(0)) {
            assertThat(journal.pid()).isEqualTo(4242);
            assertThat(journal.startMicros()).isEqualTo(1_700_000_000_000_000L);
            assertThat(DeadJournal.in(deadDir, "another-agent")).as("claimed while recovered").isEmpty();
            List<JournalEntry> read = new ArrayList<>();
            try (SegmentedJournal entries = journal.read()) {
                JournalEntry entry;
                while ((entry = entries.next(0)) != null) {
                    read.add(entry);
                }
            }
            assertCompleteAndInOrder(read, 3);
            assertThat(positionsOf(read)).as("the positions it was written at").isEqualTo(positions);
            assertThat(journal.runIds()).isNotEmpty();
            journal.delete();
        }
        try (Stream<Path> left = Files.list(deadDir)) {
            assertThat(left).as("nothing left once recovered").isEmpty();
        }
    }

    /** A segment of an agent before mapped segments, its last append torn by a kill: read to its last whole record. */
    @Test
    void aSegmentOfAnOlderAgentIsReadToItsTornLastRecord() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        for (int i = 0; i < 3; i++) {
            send("{\"members\":[{\"id\":\"p" + i + "\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        }
        Path older = dir.resolve("4242-1700000000000-0" + JournalSegment.SUFFIX);
        List<Long> positions = writeAsAnOlderAgent(onlySegment(), older);
        try (FileChannel channel = FileChannel.open(older, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(older) - 3);
        }
        JournalSegment segment = JournalSegment.parse(older);
        assertThat(segment.mapped()).isFalse();
        List<JournalEntry> read = new ArrayList<>();
        try (SegmentedJournal dead = new SegmentedJournal(new ArrayDeque<>(List.of(segment)), false)) {
            JournalEntry entry;
            while ((entry = dead.next(0)) != null) {
                read.add(entry);
            }
        }
        assertThat(positionsOf(read)).as("all but the torn last record")
                .isEqualTo(positions.subList(0, positions.size() - 1));
    }

    /**
     * Writes the records of a mapped segment back to back, without padding, as agents before mapped segments wrote
     * them; returns where each starts.
     */
    private static List<Long> writeAsAnOlderAgent(Path mapped, Path older) throws IOException {
        ByteBuffer from = ByteBuffer.wrap(Files.readAllBytes(mapped));
        ByteBuffer to = ByteBuffer.allocate(from.capacity());
        List<Long> positions = new ArrayList<>();
        int length;
        while (from.remaining() >= JournalFormat.HEADER && (length = from.getInt(from.position())) > 0) {
            positions.add((long) to.position());
            to.put(from.slice(from.position(), JournalFormat.HEADER + length));
            from.position((int) MappedSegment.slotBytes(from.position() + JournalFormat.HEADER + length));
        }
        Files.write(older, Arrays.copyOf(to.array(), to.position()));
        return positions;
    }

    private static List<Long> positionsOf(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::position).toList();
    }

    private List<JournalEntry> readDead() throws IOException {
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        List<JournalEntry> entries = new ArrayList<>();
        try (SegmentedJournal dead = new SegmentedJournal(new ArrayDeque<>(segments), false)) {
            JournalEntry entry;
            while ((entry = dead.next(0)) != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** The segments among {@code files}, in position order, as a dead journal lists them. */
    private static List<JournalSegment> segmentsOf(List<Path> files) {
        return files.stream().map(JournalSegment::parse).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(JournalSegment::base)).toList();
    }

    private List<Path> segmentsOnDisk() throws IOException {
        try (Stream<Path> files = Files.list(JournalCalls.dir(dir))) {
            return files.sorted().toList();
        }
    }

    private Path onlySegment() throws IOException {
        List<JournalSegment> segments = segmentsOf(segmentsOnDisk());
        assertThat(segments).hasSize(1);
        return segments.get(0).path();
    }

    /**
     * Makes the record of {@code entry} one claimed and not committed: its checksum word zero (and, {@code torn}, the
     * second half of its payload, as a copy cut short); returns the checksum word it had.
     */
    private byte[] uncommit(JournalEntry entry, boolean torn) throws IOException {
        JournalSegment segment = segmentOf(entry.position());
        try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = entry.position() - segment.base();
            ByteBuffer header = ByteBuffer.allocate(JournalFormat.HEADER);
            channel.read(header, at);
            byte[] checksum = Arrays.copyOfRange(header.array(), 4, JournalFormat.HEADER);
            channel.write(ByteBuffer.allocate(4), at + 4);
            if (torn) {
                int payload = header.getInt(0);
                channel.write(ByteBuffer.allocate(payload / 2), at + JournalFormat.HEADER + payload - payload / 2);
            }
            return checksum;
        }
    }

    private void writeAt(long position, byte[] bytes) throws IOException {
        JournalSegment segment = segmentOf(position);
        try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position - segment.base());
        }
    }

    private JournalSegment segmentOf(long position) throws IOException {
        return segmentsOf(segmentsOnDisk()).stream().filter(segment -> segment.base() <= position)
                .reduce((first, later) -> later).orElseThrow();
    }

    private void send(String request, String response) throws IOException {
        calls.send(request, response);
    }
}
