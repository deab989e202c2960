package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.exporter.run.StatusFile;
import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

/** The packaged jar, run with plain {@code java -jar} as a sidecar would be. */
class CliIT {
    @TempDir
    Path tmp;

    @Test
    void helpAndExitCodes() throws Exception {
        assertThat(runJar("--help").waitFor()).isZero();
        assertThat(runJar("run", "--warehouse", "jdbc:duckdb:").waitFor()).as("missing --queue").isEqualTo(2);
        Process notAQueue = runJar("run", "--once", "--queue", tmp.toString());
        assertThat(notAQueue.waitFor()).isEqualTo(3);
        assertThat(Files.readString(tmp.resolve("jar.log"))).contains(tmp + " is not a synclog queue");
    }

    /** The one damage DamagedQueueTest cannot make in-process: permissions, which bind a process as a whole. */
    @Test
    void aQueueTheExportersUserMayNotUseIsNamedForEveryCommand() throws Exception {
        Path queue = tmp.resolve("q");
        try (TestQueue q = new TestQueue(queue)) {
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{}", 2);
        }
        Files.setPosixFilePermissions(queue, PosixFilePermissions.fromString("---------"));
        try {
            String[][] commands = {
                    {"run", "--once", "--queue", queue.toString(), "--warehouse", "jdbc:duckdb:" + tmp.resolve("w.duckdb")},
                    {"status", "--queue", queue.toString()},
                    {"dump", "--queue", queue.toString()}};
            for (String[] command : commands) {
                Path log = tmp.resolve(command[0] + ".log");
                Process exporter = ExporterProcess.startSubjectToFilePermissions(log, command);
                assertThat(exporter.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " ends").isTrue();
                assertThat(exporter.exitValue()).as(command[0] + ": " + Files.readString(log)).isEqualTo(3);
                assertThat(Files.readString(log)).contains("synclog-exporter: queue " + queue + ": the exporter's user (")
                        .contains("may not read and write " + queue + " (owner ")
                        .contains("mode ---------); run the exporter as the agent's user");
            }
        } finally {
            Files.setPosixFilePermissions(queue, PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(tmp.resolve("w.duckdb")).as("the warehouse is not touched").doesNotExist();
    }

    @Test
    void whileRunningStatusShowsProgressAndTheDuckDbCopyCanBeQueried() throws Exception {
        Path copy = tmp.resolve("readable.duckdb");
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{\"x\":1}", 2)
                    .runFinished("s", "r1", "succeeded", null, 3);
            Process exporter = ExporterProcess.start(tmp.resolve("exporter.log"), "run", "--queue", q.dir.toString(),
                    "--warehouse", "jdbc:duckdb:" + tmp.resolve("w.duckdb"), "--duckdb-copy", copy.toString(),
                    "--duckdb-copy-every", "1s");
            try {
                await(() -> status(q.dir).contains("rows loaded:   1 in total"));
                Cli.Result running = Cli.run("status", "--queue", q.dir.toString());
                assertThat(running.exitCode()).as(running.out()).isZero();
                assertThat(running.out()).contains("exporter:      idle (pid " + exporter.pid())
                        .contains("events behind: 0");

                // Fresh rows become visible in the published copy while the exporter keeps the warehouse open.
                q.runStarted("s", "r2", 10).ok("s", "r2", "a", "changed", "{\"x\":2}", 11)
                        .runFinished("s", "r2", "succeeded", null, 12);
                await(() -> copyRows(copy) == 2);
                assertThat(status(q.dir)).contains("exporter:      idle").contains("rows loaded:   2 in total");
                assertThat(TestWarehouse.rows(copyUrl(copy), "SELECT row_id, field, value_before, value_after"
                        + " FROM synclog.sync_row_changes")).containsExactly(List.of("a", "x", "1", "2"));
            } finally {
                exporter.destroy();
                assertThat(exporter.waitFor(30, TimeUnit.SECONDS)).isTrue();
                exporter.destroyForcibly();
            }
            assertThat(StatusFile.read(q.dir).state()).isEqualTo("stopped");
            Cli.Result stopped = Cli.run("status", "--queue", q.dir.toString());
            assertThat(stopped.exitCode()).isEqualTo(4);
            assertThat(stopped.out()).contains("not running, last stopped");
        }
    }

    @Test
    void aSidecarStartedBeforeItsAppWaitsForTheQueueThenLoadsIt() throws Exception {
        Path queue = tmp.resolve("not-yet");
        Process exporter = ExporterProcess.start(tmp.resolve("exporter.log"), "run", "--queue", queue.toString(),
                "--warehouse", "jdbc:duckdb:" + tmp.resolve("w.duckdb"));
        try {
            await(() -> log(tmp.resolve("exporter.log")).contains("waiting for the agent to create its queue in " + queue));
            assertThat(exporter.isAlive()).isTrue();
            try (TestQueue q = new TestQueue(queue)) {
                q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{\"x\":1}", 2)
                        .runFinished("s", "r1", "succeeded", null, 3);
                await(() -> status(queue).contains("rows loaded:   1 in total"));
            }
        } finally {
            exporter.destroy();
            assertThat(exporter.waitFor(30, TimeUnit.SECONDS)).isTrue();
            exporter.destroyForcibly();
        }
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dumpPrintsEventsAsJsonLines() throws Exception {
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(7, 0).ok("s", "r", "a", "upsert", "{\"x\":1}", 2);
            long rowResult = q.lastIndex();
            q.rowsPerCall(2).ok("s", "r", "b", "added", "{}", 3).row("s", "r", "c", "removed", "failed", "gone", "{}", 2, 3);
            Cli.Result dump = Cli.run("dump", "--queue", q.dir.toString());
            assertThat(dump.exitCode()).isZero();
            List<String> lines = dump.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).contains("\"event\":\"agentStarted\"").contains("\"pid\":7")
                    .contains("\"sourceId\":\"" + q.sourceId + "\"");
            assertThat(lines.get(1)).contains("\"index\":" + rowResult).contains("\"event\":\"rowResult\"")
                    .contains("\"opType\":\"upsert\"").contains("\"fields\":\"{\\\"x\\\":1}\"");
            assertThat(lines.get(2)).contains("\"index\":" + q.lastIndex()).contains("\"event\":\"callRows\"")
                    .contains("\"runId\":\"r\"").contains("\"rows\":[{\"rowId\":\"b\",\"opType\":\"added\","
                            + "\"status\":\"succeeded\",\"failureReason\":null,\"fields\":\"{}\",\"attempt\":1},"
                            + "{\"rowId\":\"c\",\"opType\":\"removed\",\"status\":\"failed\",\"failureReason\":\"gone\","
                            + "\"fields\":\"{}\",\"attempt\":2}]");
        }
    }

    /** The agent makes a deleted queue directory again as a new queue: a running sidecar follows without a restart. */
    @Test
    void aQueueMadeAgainInItsDirectoryIsLoadedWithoutARestart() throws Exception {
        Path queue = tmp.resolve("q");
        Path warehouse = tmp.resolve("w.duckdb");
        String first;
        try (TestQueue q = new TestQueue(queue)) {
            first = q.sourceId;
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{}", 2).ok("s", "r1", "b", "added", "{}", 3);
        }
        Path log = tmp.resolve("exporter.log");
        Process exporter = ExporterProcess.start(log, "run", "--queue", queue.toString(), "--warehouse", "jdbc:duckdb:" + warehouse,
                "--retain", "0s");
        try {
            await(() -> status(queue).contains("rows loaded:   2 in total"));
            try (Stream<Path> files = Files.walk(queue)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            // The agent makes the queue again only at its next event: an idle app leaves the directory gone through
            // the exporter's housekeeping (its status file, its retention), which must not stop it.
            await(() -> log(log).contains("cannot write the status file in " + queue));
            try (TestQueue q = new TestQueue(queue)) {
                q.agent(2, 5).runStarted("s", "r2", 6).ok("s", "r2", "c", "added", "{}", 7)
                        .ok("s", "r2", "d", "added", "{}", 8).ok("s", "r2", "e", "added", "{}", 9);
                await(() -> log(log).contains("the queue in " + queue + " was made again by its agent (source "
                        + q.sourceId + ", was " + first + ")"));
                await(() -> status(queue).contains("rows loaded:   3 in total"));
            }
        } finally {
            exporter.destroy();
            assertThat(exporter.waitFor(30, TimeUnit.SECONDS)).isTrue();
            exporter.destroyForcibly();
        }
        assertThat(TestWarehouse.rows("jdbc:duckdb:" + warehouse, "SELECT count(*), count(DISTINCT source_id)"
                + " FROM synclog.sync_changelog")).containsExactly(List.of(5L, 2L));
    }

    private Process runJar(String... args) throws Exception {
        return ExporterProcess.start(tmp.resolve("jar.log"), args);
    }

    private static String status(Path queue) {
        return Cli.run("status", "--queue", queue.toString()).out();
    }

    /** The copy is the reader's own file: the exporter only ever renames a new one over it. */
    private static String copyUrl(Path copy) {
        return "jdbc:duckdb:" + copy;
    }

    private static long copyRows(Path copy) {
        if (!Files.exists(copy)) {
            return -1;
        }
        try {
            return (Long) TestWarehouse.rows(copyUrl(copy), "SELECT count(*) FROM synclog.sync_changelog").get(0).get(0);
        } catch (Exception beingReplaced) {
            return -1;
        }
    }

    /** Waits for the condition, bounded; a wait that ends unmet shows the exporter's log, which says what it did. */
    private void await(BooleanSupplier condition) throws Exception {
        MetricsEndpointIT.await(condition::getAsBoolean, tmp.resolve("exporter.log"));
    }
}
