package dev.synclog.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The queue's disk "fills up" in the middle of a run: the agent's free-space threshold is set just under what the
 * disk has free, and a filler file takes the disk below it for the middle phase of the app, then is deleted. On Linux
 * the queue and the filler are on {@code /dev/shm} (tmpfs), a file system no build writes to: on a build disk other
 * processes move free space by gigabytes, across any threshold a test could afford to fill up to. The app
 * runs as without the agent, the events of the middle phase are dropped and counted, recording resumes, and the
 * exporter loads every recorded row and the agent's drop count into {@code sync_runs.events_dropped}.
 * Alone on the machine: each phase counts on the agent having re-read free space within {@link #GUARD_RECHECK_MILLIS}.
 */
@Isolated
class FullDiskIT {
    private static final int PHASES = 3;
    private static final int CALLS = 40;
    private static final int MEMBERS = 25;
    private static final int ROWS_PER_PHASE = CALLS * MEMBERS;
    private static final long MiB = 1 << 20;
    /** Free space above the threshold before the filler, and below it with the filler: room for other processes' writes. */
    private static final long MARGIN = 32 * MiB;
    private static final long FILLER = 2 * MARGIN;
    /**
     * The agent re-reads free space at most every 250 ms; a phase started this long after the disk changed sees the
     * change from its first event on.
     */
    private static final long GUARD_RECHECK_MILLIS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    /** The queue's file system, where the filler goes. */
    private Path disk;

    @Test
    void eventsOfTheFullDiskPhaseAreDroppedAndCountedInSyncRunsAndRecordingResumes() throws Exception {
        disk = diskOfItsOwn();
        Path queue = disk.resolve("queue");
        try (Destinations destinations = Destinations.start(dir, Scenario.TOKEN)) {
            Path openGates = gates("gates-open");
            for (int phase = 1; phase < PHASES; phase++) {
                Files.createFile(openGates.resolve("go-" + phase));
            }
            JavaProcess plain = startApp(destinations, openGates, List.of());
            List<String> withoutAgent = plain.awaitSuccess(120);

            long threshold = usableSpace() - MARGIN;
            Path config = writeConfig(queue, threshold);
            Path gates = gates("gates");
            Path filler = disk.resolve("filler");
            List<String> withAgent;
            List<String> agentLines;
            // Journal segments of 1 MiB: the agent allocates a segment's blocks whole when it makes one, and 16 MiB
            // taken from the disk at start would leave half the margin for other processes' writes.
            try (JavaProcess app = startApp(destinations, gates, List.of("-Dsynclog.journal.segmentBytes=" + MiB,
                    "-javaagent:" + JavaProcess.fromProperty("agent.jar", "../agent/target/synclog.jar") + "=config="
                            + config))) {
                awaitFile(gates.resolve("done-0"), app);
                awaitRowResults(queue, ROWS_PER_PHASE, app);

                fill(filler);
                assertThat(usableSpace()).as("free space with the filler (did another process free space?)")
                        .isLessThan(threshold);
                Thread.sleep(GUARD_RECHECK_MILLIS);
                Files.createFile(gates.resolve("go-1"));
                awaitFile(gates.resolve("done-1"), app);

                Files.delete(filler);
                assertThat(usableSpace()).as("free space without the filler (did another process fill the disk?)")
                        .isGreaterThanOrEqualTo(threshold);
                Thread.sleep(GUARD_RECHECK_MILLIS);
                Files.createFile(gates.resolve("go-2"));
                withAgent = app.awaitSuccess(120);
                agentLines = app.stderrLines();
            }
            System.out.println("FullDiskIT, app phases without the agent: " + phaseTimes(plain.stderrLines())
                    + "; with it (recording, dropping, recording): " + phaseTimes(agentLines));

            assertThat(withAgent).as("what the app printed").isEqualTo(withoutAgent);
            assertThat(agentLines).as("the agent's lines on stderr")
                    .anySatisfy(line -> assertThat(line).startsWith("synclog: WARNING: free disk under " + queue + " is below")
                            .contains("dropping and counting events until space returns"))
                    .anySatisfy(line -> assertThat(line).isEqualTo("synclog: free disk under " + queue
                            + " is back above the threshold: recording resumes"));

            List<JsonNode> events = new ArrayList<>();
            for (String line : ExporterSidecar.dump(dir, queue)) {
                events.add(JSON.readTree(line));
            }
            Warehouse.Target target = Warehouse.DUCKDB.fresh(dir);
            ExporterSidecar.runOnce(dir, queue, target);

            List<String> rowsByPhase = target.lines("SELECT split_part(row_id, '-', 1), count(*) FROM sync_changelog"
                    + " GROUP BY 1 ORDER BY 1");
            long recordedInPhase1 = rowsByPhase.stream().filter(line -> line.startsWith("p1 ")).findFirst()
                    .map(line -> Long.parseLong(line.substring(3))).orElse(0L);
            assertThat(rowsByPhase).as("rows loaded by phase").contains("p0 " + ROWS_PER_PHASE, "p2 " + ROWS_PER_PHASE);
            assertThat(recordedInPhase1 % MEMBERS).as("a call is recorded whole or dropped whole").isZero();
            // The calls of the middle phase the agent wrote before it saw the disk: none, unless its writer lagged.
            long dropped = (CALLS - recordedInPhase1 / MEMBERS) * (1 + MEMBERS);
            assertThat(dropped).as("events dropped in the middle phase").isPositive();

            assertThat(events.stream().filter(e -> e.path("event").asText().equals("runFinished"))
                    .map(e -> e.path("eventsDropped").asLong()).toList())
                    .as("the agent's count in its run end").containsExactly(dropped);
            assertThat(events.stream().filter(e -> e.path("event").asText().equals("eventsDropped"))
                    .map(e -> e.path("reason").asText() + " " + e.path("count").asLong()).toList())
                    .as("drops reported when writing resumed").containsExactly("disk_low " + dropped);
            assertThat(target.lines("SELECT status, events_dropped FROM sync_runs"))
                    .as("the run in the warehouse").containsExactly("succeeded " + dropped);
            long rowResults = events.stream().mapToLong(ExporterSidecar::rowsOf).sum();
            assertThat(target.count("SELECT count(*) FROM sync_changelog")).as("rows loaded")
                    .isEqualTo(rowResults).isEqualTo(2L * ROWS_PER_PHASE + recordedInPhase1);
            assertThat(target.count("SELECT count(*) FROM sync_changelog WHERE status = 'failed'"))
                    .as("refused rows loaded, with their reason").isEqualTo(rowResults / MEMBERS / 5);
        } finally {
            if (!disk.equals(dir)) {
                deleteTree(disk);
            }
        }
    }

    private Path diskOfItsOwn() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() > 2 * FILLER) {
            return Files.createTempDirectory(shm, "synclog-full-disk-");
        }
        return dir;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private JavaProcess startApp(Destinations destinations, Path gates, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-cp", classesOf(PhasedAudienceSync.class), PhasedAudienceSync.class.getName(),
                destinations.url("audience.url"), Scenario.TOKEN, gates.toString(), Integer.toString(PHASES),
                Integer.toString(CALLS), Integer.toString(MEMBERS)));
        return JavaProcess.startJvm(dir, "PhasedAudienceSync", command);
    }

    private Path writeConfig(Path queue, long minFreeDisk) throws IOException {
        return Files.writeString(dir.resolve("synclog.yaml"), """
                sync:
                  sync_id: audience-full-disk
                  destination: audience
                queue:
                  dir: "%s"
                  min_free_disk: %d
                endpoints:
                  - name: audience-members-add
                    object: audience_members
                    match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audienceId}/members:add"}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}
                """.formatted(queue, minFreeDisk));
    }

    private Path gates(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** Written, not sparse: the blocks must really be taken from the disk. */
    private static void fill(Path filler) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect((int) (8 * MiB));
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < FILLER; ) {
                block.clear();
                written += out.write(block);
            }
        }
    }

    private long usableSpace() throws IOException {
        return Files.getFileStore(disk).getUsableSpace();
    }

    /** Until the agent's writer has written {@code rows} row results to the queue (it runs behind the app). */
    private void awaitRowResults(Path queue, long rows, JavaProcess app) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = ExporterSidecar.rowResultsInQueue(dir, queue);
            if (seen >= rows) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the queue holds " + seen + " row results, not " + rows + ", after 60 s\n" + app.output());
    }

    private static void awaitFile(Path file, JavaProcess app) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(file)) {
            if (!app.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the app did not create " + file + "\n" + app.output());
            }
            Thread.sleep(20);
        }
    }

    private static String classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String phaseTimes(List<String> stderr) {
        return stderr.stream().filter(line -> line.startsWith("phase ")).collect(Collectors.joining(", "));
    }
}
