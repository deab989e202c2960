package dev.synclog.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    @Test
    void aTornLastAppendIsIgnoredAndWhatCameBeforeIsRead() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        send("{\"members\":[{\"id\":\"p1\",\"email\":\"a@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        Path segment = onlySegment();
        long whole = Files.size(segment);
        send("{\"members\":[{\"id\":\"p2\",\"email\":\"b@x.io\"}]}", "{\"results\":[{\"ok\":true}]}");
        // A kill -9 inside the last write: its record is cut short.
        truncate(segment, 3);

        List<JournalEntry> entries = readDead();
        assertThat(entries).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RunBegan", "CallSent", "CallEnded", "CallSent");
        assertThat(((JournalEntry.CallSent) entries.get(3)).ids().text(0)).isEqualTo("p2");
        assertThat(((JournalEntry.CallSent) entries.get(3)).ids().size()).isEqualTo(1);
        assertThat(entries.get(3).position()).isEqualTo(whole);
    }

    /** The journal is read ahead in blocks: records across a block's end, and one larger than one, come back whole. */
    @Test
    void recordsAcrossAndBeyondTheReadAheadComeBackWhole() throws Exception {
        openJournal(CallJournal.SEGMENT_BYTES);
        String note = "ü«»-".repeat(JournalFile.READ_AHEAD_BYTES / 6);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = i == 200 ? "big-😀" : "p" + i;
            ids.add(id);
            send("{\"members\":[{\"id\":\"" + id + "\",\"note\":\"" + (i == 200 ? note : "n" + i) + "\"}]}",
                    "{\"results\":[{\"ok\":true}]}");
        }

        List<String> read = new ArrayList<>();
        String bigFields = null;
        for (JournalEntry entry : readDead()) {
            if (entry instanceof JournalEntry.CallSent call) {
                read.add(call.ids().text(0));
                if (call.ids().text(0).startsWith("big")) {
                    bigFields = call.fields().text(0);
                }
            }
        }
        assertThat(read).isEqualTo(ids);
        assertThat(bigFields).isEqualTo("{\"id\":\"big-😀\",\"note\":\"" + note + "\"}");
        assertThat(bigFields.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(JournalFile.READ_AHEAD_BYTES);
    }

    /**
     * 32 threads append at once, so records are written many to a gathering write, with rolls between: each thread's
     * calls must come back whole, once, in the order it sent them.
     */
    @Test
    void manyThreadsRollTheJournalIntoSegmentsReadInOrderAndDeletedOnceRead() throws Exception {
        openJournal(4096);
        int threads = 32;
        int callsEach = 40;
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
        }
        int segments = segmentsOnDisk().size() - 1;
        assertThat(segments).as("segments of 4 KiB for %d calls", threads * callsEach).isGreaterThan(10);

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
            assertThat(segmentsOnDisk()).as("once read, all but the segment still appended: it and the lock file")
                    .hasSize(2);
        }
        journal.delete();
        assertThat(segmentsOnDisk()).as("after the process's clean exit").isEmpty();
    }

    /**
     * Writes cut short by the kernel (a file size limit, as a full disk), 16 threads appending at once: each failed
     * write moves the journal to a new segment; what it did not write whole is dropped and counted, never read, and
     * every record written is read whole, once, in its thread's order.
     */
    @Test
    void writesCutShortDropAndCountWhatTheyDidNotWriteAndTheJournalGoesOnInTheNextSegment() throws Exception {
        int threads = 16;
        int callsEach = 40;
        String printed = FileSizeLimitedJvm.run(dir.resolve("app.out"), 64, JournalUnderFileSizeLimit.class,
                dir.toString(), String.valueOf(threads), String.valueOf(callsEach));
        long eventsDropped = 0;
        for (String line : printed.lines().filter(l -> l.startsWith("dropped ")).toList()) {
            assertThat(line).as("the only reason").startsWith("dropped write_failed ");
            eventsDropped += Long.parseLong(line.substring("dropped write_failed ".length()));
        }

        List<JournalEntry> entries = readDead();
        int failedWrites = segmentsOf(segmentsOnDisk()).size() - 1;
        assertThat(failedWrites).as("writes cut short, each followed by a roll: %s", printed).isGreaterThan(5);
        Set<Long> sent = new HashSet<>();
        Set<Long> ended = new HashSet<>();
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.CallSent call) {
                assertThat(sent.add(call.callKey())).as("request of call %d once", call.callKey()).isTrue();
            } else if (entry instanceof JournalEntry.CallEnded end) {
                assertThat(sent).as("the request of call %d before its end", end.callKey()).contains(end.callKey());
                assertThat(ended.add(end.callKey())).as("end of call %d once", end.callKey()).isTrue();
            }
        }
        assertEachThreadsCallsInOrder(entries);
        // A dropped request drops its call whole; a dropped end too: each counts the call and its row.
        long callsDropped = (long) threads * callsEach - ended.size();
        assertThat(eventsDropped).as("events of the %d calls not journaled whole", callsDropped)
                .isEqualTo(2 * callsDropped);
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

        truncate(segments.get(segments.size() - 1).path(), 3);
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
        List<JournalEntry> written = readDead();
        // The same records, as an agent before segments named them: PID-STARTMILLIS.journal, no lock file.
        Path deadDir = Files.createDirectory(dir.resolve("dead"));
        Path single = deadDir.resolve("4242-1700000000000" + JournalSegment.SUFFIX);
        Files.copy(onlySegment(), single);

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
            assertThat(positionsOf(read)).as("the positions it was written at").isEqualTo(positionsOf(written));
            assertThat(journal.runIds()).isNotEmpty();
            journal.delete();
        }
        try (Stream<Path> left = Files.list(deadDir)) {
            assertThat(left).as("nothing left once recovered").isEmpty();
        }
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

    private static void truncate(Path file, int bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - bytes);
        }
    }

    private void send(String request, String response) throws IOException {
        calls.send(request, response);
    }
}
