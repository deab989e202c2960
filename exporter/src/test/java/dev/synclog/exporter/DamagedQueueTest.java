package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.SchemaVersion;
import dev.synclog.exporter.cli.ExitCodes;
import dev.synclog.exporter.load.ReadPositions;
import dev.synclog.exporter.run.StatusFile;
import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/**
 * Damaged queue directories, each read by {@code run --once}, {@code status} and {@code dump}: every command ends
 * with one line naming the file, what is wrong and what to do, and the documented exit code; the warehouse holds
 * exactly the events before the damage, with the read position just before it, and a second run changes nothing.
 * Where the message gives a fix that can be followed here, the test follows it and the queue then loads in full.
 */
class DamagedQueueTest {
    /** Rows 0..ROWS-1; the damage starts at row DAMAGED_ROW. */
    private static final int ROWS = 20;
    private static final int DAMAGED_ROW = 8;
    /** The queue's events in index order: agent start, run start, the rows, run finish. */
    private static final int EVENTS = ROWS + 3;
    private static final int BEFORE_DAMAGE = DAMAGED_ROW + 2;

    @TempDir
    Path tmp;

    /** A queue written by the agent's method writer, and where its events are. */
    static final class Fixture {
        final Path dir;
        final String sourceId;
        final List<Long> indices = new ArrayList<>();
        final Path cycleFile;
        /** Where in the cycle file the damaged row's event starts. */
        final long damagedRowOffset;
        final Path tmp;

        Fixture(Path tmp, boolean newerVersionAtDamage) throws IOException {
            this.tmp = tmp;
            this.dir = tmp.resolve("queue");
            long offset = -1;
            try (TestQueue q = new TestQueue(dir, clockAt(dir, 0))) {
                sourceId = q.sourceId;
                indices.add(q.agent(1, 0).lastIndex());
                indices.add(q.runStarted("s", "r1", 1).lastIndex());
                for (int i = 0; i < ROWS; i++) {
                    if (i == DAMAGED_ROW) {
                        offset = usedBytes(onlyCycleFile(dir));
                    }
                    if (i == DAMAGED_ROW && newerVersionAtDamage) {
                        q.out.rowResult(new RowResult().syncId("s").runId("r1").rowId("row" + i).opType("added")
                                .status("succeeded").version(99));
                    } else {
                        q.ok("s", "r1", "row" + i, "added", "{\"n\":" + i + "}", 2);
                    }
                    indices.add(q.lastIndex());
                }
                indices.add(q.runFinished("s", "r1", "succeeded", null, 3).lastIndex());
            }
            this.cycleFile = onlyCycleFile(dir);
            this.damagedRowOffset = offset;
        }

        long index(int event) {
            return indices.get(event);
        }

        String warehouse() {
            return "jdbc:duckdb:" + tmp.resolve("warehouse.duckdb");
        }
    }

    /** What one command must end with. */
    record Expect(int exitCode, String... says) {
    }

    interface Damage {
        void apply(Fixture f) throws Exception;
    }

    /**
     * @param loaded      events before the damage that {@code run --once} loads (0: the warehouse is untouched)
     * @param loadedAgain the same after a second run
     * @param repair      what the message tells the operator to do, done by the test; null when there is no such fix
     */
    record Case(String what, boolean newerVersion, Damage damage, Expect run, Expect status, Expect dump, int loaded,
                int loadedAgain, Damage repair) {
        Case(String what, boolean newerVersion, Damage damage, Expect run, Expect status, Expect dump, int loaded,
             Damage repair) {
            this(what, newerVersion, damage, run, status, dump, loaded, loaded, repair);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> cases() {
        String unreadable = "more event(s) from this index on, but they cannot be read: the file was cut short or"
                + " overwritten with zeros";
        return Stream.of(
                new Case("cycle file cut short in the middle of an event", false,
                        f -> truncate(f.cycleFile, f.damagedRowOffset + 20),
                        new Expect(ExitCodes.BAD_QUEUE, "{cycle} is cut short: it is {cut} bytes long, but its header says"
                                + " events were written up to byte", "restore it from a backup"),
                        new Expect(ExitCodes.NOT_RUNNING, "no exporter has loaded this queue yet"),
                        // Chronicle has extended the file to its size again by now: the missing bytes read as zeros,
                        // and a second run loads the events before the cut, then stops at the event it cuts.
                        new Expect(ExitCodes.BAD_QUEUE, "{cycle} lists", unreadable),
                        0, BEFORE_DAMAGE, null),
                new Case("zeroed bytes in the middle of a cycle file", false,
                        f -> overwrite(f.cycleFile, f.damagedRowOffset, new byte[600]),
                        new Expect(ExitCodes.BAD_QUEUE, "{cycle} lists", unreadable, "at index {damaged}"),
                        new Expect(ExitCodes.NOT_RUNNING, "last failed", "{cycle} lists"),
                        new Expect(ExitCodes.BAD_QUEUE, "{cycle} lists", unreadable),
                        BEFORE_DAMAGE, null),
                new Case("random bytes inside an event", false,
                        f -> overwrite(f.cycleFile, f.damagedRowOffset + 30, random(40)),
                        new Expect(ExitCodes.BAD_QUEUE, "at index {damaged}", "the event in {cycle} cannot be decoded",
                                "restore it from a backup"),
                        new Expect(ExitCodes.NOT_RUNNING, "last failed", "cannot be decoded"),
                        new Expect(ExitCodes.BAD_QUEUE, "the event in {cycle} cannot be decoded"),
                        BEFORE_DAMAGE, null),
                new Case("a file that is not a queue's, named like a cycle file", false,
                        f -> Files.writeString(f.dir.resolve("20231231-23F.cq4"), "a log line copied here by mistake\n".repeat(999)),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir}/20231231-23F.cq4 is not a Chronicle Queue file",
                                "move it out of the directory"),
                        new Expect(ExitCodes.NOT_RUNNING, "no exporter has loaded this queue yet"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir}/20231231-23F.cq4 is not a Chronicle Queue file"),
                        0, f -> Files.move(f.dir.resolve("20231231-23F.cq4"), f.tmp.resolve("moved-out.cq4"))),
                new Case("a cycle file a killed agent left without its header", false, f -> {
                            Path unfinished = f.dir.resolve("20231231-23F.cq4");
                            Files.write(unfinished, new byte[1 << 16]);
                            abandoned(unfinished, new byte[] {0, 0, 0, (byte) 0x80});
                        },
                        new Expect(ExitCodes.BAD_QUEUE, "{dir}/20231231-23F.cq4 was left unfinished by an agent killed"
                                + " while creating it (its header was never written), so it holds no events",
                                "to load the queue now, move it out of the directory"),
                        new Expect(ExitCodes.NOT_RUNNING, "no exporter has loaded this queue yet"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir}/20231231-23F.cq4 was left unfinished"),
                        0, f -> Files.move(f.dir.resolve("20231231-23F.cq4"), f.tmp.resolve("moved-out.cq4"))),
                new Case("metadata file missing", false,
                        f -> Files.delete(f.dir.resolve("metadata.cq4t")),
                        new Expect(ExitCodes.OK),
                        new Expect(ExitCodes.NOT_RUNNING, "not running, last stopped", "events behind: 0"),
                        new Expect(ExitCodes.OK),
                        EVENTS, null),
                new Case("metadata file damaged", false,
                        f -> overwrite(f.dir.resolve("metadata.cq4t"), 0, random(4096)),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir}/metadata.cq4t is not a Chronicle Queue file",
                                "delete it and run again"),
                        new Expect(ExitCodes.NOT_RUNNING, "no exporter has loaded this queue yet"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir}/metadata.cq4t is not a Chronicle Queue file"),
                        0, f -> Files.delete(f.dir.resolve("metadata.cq4t"))),
                new Case("metadata file whose header a killed process left unfinished", false,
                        f -> abandoned(f.dir.resolve("metadata.cq4t"), new byte[] {0, 0, 0, (byte) 0x80}),
                        new Expect(ExitCodes.OK, "emptied {dir}/metadata.cq4t: a process was killed while creating it"),
                        new Expect(ExitCodes.NOT_RUNNING, "not running, last stopped", "events behind: 0"),
                        new Expect(ExitCodes.OK),
                        EVENTS, null),
                new Case("metadata file left empty by a process killed before its header", false,
                        f -> abandoned(f.dir.resolve("metadata.cq4t"), new byte[4]),
                        new Expect(ExitCodes.OK),
                        new Expect(ExitCodes.NOT_RUNNING, "not running, last stopped", "events behind: 0"),
                        new Expect(ExitCodes.OK),
                        EVENTS, null),
                new Case("an event written by a newer agent", true, f -> { },
                        new Expect(ExitCodes.BAD_QUEUE, "at index {damaged}", "event version 99 is newer than version " + SchemaVersion.CURRENT,
                                "upgrade the exporter"),
                        new Expect(ExitCodes.NOT_RUNNING, "last failed", "event version 99"),
                        new Expect(ExitCodes.OK),
                        BEFORE_DAMAGE, null),
                new Case("a cycle file of another source moved in", false, DamagedQueueTest::moveInAnotherSource,
                        new Expect(ExitCodes.BAD_QUEUE, "this agent start belongs to source other-source", "cycle files of"
                                + " another queue were moved in"),
                        new Expect(ExitCodes.NOT_RUNNING, "last failed", "belongs to source other-source"),
                        new Expect(ExitCodes.OK),
                        0, f -> Files.move(f.dir.resolve("20231231-22F.cq4"), f.tmp.resolve("other-source.cq4"))),
                new Case("a status file that is not JSON", false,
                        f -> Files.writeString(StatusFile.in(f.dir), "{\"sourceId\": tru"),
                        new Expect(ExitCodes.OK),
                        new Expect(ExitCodes.NOT_RUNNING, "not running, last stopped"),
                        new Expect(ExitCodes.OK),
                        EVENTS, null),
                new Case("a directory that is not a queue", false,
                        f -> Files.delete(f.dir.resolve(QueueLayout.SOURCE_ID_FILE)),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} is not a synclog queue", "Point --queue at"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} is not a synclog queue"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} is not a synclog queue"),
                        0, null),
                new Case("no queue directory at all", false,
                        f -> Files.move(f.dir, f.tmp.resolve("moved-away")),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} does not exist: no agent has made its queue there",
                                "Point --queue at"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} does not exist"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} does not exist"),
                        0, f -> Files.move(f.tmp.resolve("moved-away"), f.dir)),
                new Case("a file where the queue directory should be", false, f -> {
                            Files.move(f.dir, f.tmp.resolve("moved-away"));
                            Files.writeString(f.dir, "not a queue");
                        },
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} is a file, not a queue directory", "Point --queue at"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} is a file, not a queue directory"),
                        new Expect(ExitCodes.BAD_QUEUE, "{dir} is a file, not a queue directory"),
                        0, f -> {
                            Files.delete(f.dir);
                            Files.move(f.tmp.resolve("moved-away"), f.dir);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsWithOneClearLineAndLeavesTheWarehouseConsistent(Case c) throws Exception {
        Fixture f = new Fixture(tmp, c.newerVersion());
        c.damage().apply(f);

        Cli.Result run = Cli.run("run", "--once", "--queue", f.dir.toString(), "--warehouse", f.warehouse());
        expect(c.run(), run, run.err(), f);
        assertThat(loaded(f)).as("events loaded, up to the damage").isEqualTo(c.loaded());

        Cli.Result status = Cli.run("status", "--queue", f.dir.toString());
        expect(c.status(), status, status.out() + status.err(), f);

        Cli.Result dump = Cli.run("dump", "--queue", f.dir.toString());
        expect(c.dump(), dump, dump.err(), f);
        if (c.dump().exitCode() != ExitCodes.OK && c.loaded() > 0) {
            assertThat(dump.out().lines()).as("events printed before the damage").hasSize(c.loaded());
        }

        Cli.Result again = Cli.run("run", "--once", "--queue", f.dir.toString(), "--warehouse", f.warehouse());
        assertThat(again.exitCode()).as("a second run; stderr: " + again.err()).isEqualTo(c.run().exitCode());
        assertThat(loaded(f)).as("a second run over the same damage").isEqualTo(c.loadedAgain());

        if (c.repair() != null) {
            c.repair().apply(f);
            Cli.Result repaired = Cli.run("run", "--once", "--queue", f.dir.toString(), "--warehouse", f.warehouse());
            assertThat(repaired.exitCode()).as("after doing what the message says; stderr: " + repaired.err()).isZero();
            assertThat(loaded(f)).isEqualTo(EVENTS);
        }
    }

    private static void expect(Expect expect, Cli.Result result, String message, Fixture f) {
        assertThat(result.exitCode()).as("exit code; stdout:\n" + result.out() + "\nstderr:\n" + result.err())
                .isEqualTo(expect.exitCode());
        if (expect.exitCode() == ExitCodes.BAD_QUEUE) {
            assertThat(result.err().lines().filter(l -> l.startsWith("synclog-exporter:")))
                    .as("one line saying what is wrong").hasSize(1);
        }
        for (String says : expect.says()) {
            assertThat(message).contains(says.replace("{cycle}", f.cycleFile.toString()).replace("{dir}", f.dir.toString())
                    .replace("{damaged}", Long.toString(f.index(BEFORE_DAMAGE)))
                    .replace("{cut}", Long.toString(f.damagedRowOffset + 20)));
        }
    }

    /**
     * Events the warehouse has taken from this queue: the committed read position, checked against the rows.
     * 0 when the warehouse was never touched.
     */
    private static int loaded(Fixture f) throws SQLException {
        if (!Files.exists(f.tmp.resolve("warehouse.duckdb"))) {
            return 0;
        }
        List<List<Object>> position = TestWarehouse.rows(f.warehouse(),
                "SELECT last_queue_index FROM synclog.sync_sources WHERE source_id = '" + f.sourceId + "'");
        if (position.isEmpty() || (Long) position.get(0).get(0) == ReadPositions.NOTHING_READ) {
            assertThat(TestWarehouse.rows(f.warehouse(), "SELECT count(*) FROM synclog.sync_changelog").get(0).get(0))
                    .as("changelog rows without a committed position").isEqualTo(0L);
            return 0;
        }
        int events = f.indices.indexOf((Long) position.get(0).get(0)) + 1;
        assertThat(events).as("the committed position is one of the queue's events").isPositive();
        long rows = (Long) TestWarehouse.rows(f.warehouse(), "SELECT count(*) FROM synclog.sync_changelog").get(0).get(0);
        assertThat(rows).as("changelog rows match the committed position").isEqualTo(Math.max(0, Math.min(events, ROWS + 2) - 2));
        return events;
    }

    /** A queue of another agent, started before this one, whose cycle file is put into this queue's directory. */
    private static void moveInAnotherSource(Fixture f) throws IOException {
        Path other = f.tmp.resolve("other");
        try (TestQueue q = new TestQueue(other, clockAt(other, -3600))) {
            q.out.agentStarted(new AgentStarted().sourceId("other-source").host("host-b").pid(2)
                    .agentVersion("0.1.0").configHash("c0ffee").javaVersion("17").eventTimeMicros(TestQueue.t(-3600)));
            q.ok("s", "other-run", "other-row", "added", "{}", -3599);
        }
        Files.move(onlyCycleFile(other), f.dir.resolve("20231231-22F.cq4"));
    }

    /**
     * {@code file} starting with {@code firstWord}, last written a minute ago: well past the time its header takes to
     * write, so its writer is dead.
     */
    private static void abandoned(Path file, byte[] firstWord) throws IOException {
        overwrite(file, 0, firstWord);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    private static SingleChronicleQueueBuilder clockAt(Path dir, long seconds) {
        return QueueLayout.builder(dir).timeProvider(new SetTimeProvider(TestQueue.t(seconds) * 1000L));
    }

    private static Path onlyCycleFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Bytes in use: Chronicle's files are sparse and zero past the last event written (read through the page cache). */
    private static long usedBytes(Path file) throws IOException {
        byte[] head = new byte[1 << 20];
        int read;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            read = in.read(head);
        }
        int last = read - 1;
        while (last >= 0 && head[last] == 0) {
            last--;
        }
        return last + 1;
    }

    private static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(8).nextBytes(bytes);
        return bytes;
    }
}
