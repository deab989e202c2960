package dev.synclog.exporter;

import static dev.synclog.exporter.support.TestWarehouse.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.synclog.events.QueueLayout;
import dev.synclog.exporter.run.ExporterStatus;
import dev.synclog.exporter.run.StatusFile;
import dev.synclog.exporter.support.Cli;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;

class OperationsTest {
    @TempDir
    Path tmp;

    @Test
    void anUnreachableWarehouseIsRetriedWithBackoffAndNothingIsLost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = TestWarehouse.postgresUrl(port);
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "1", "added", "{}", 2).runFinished("s", "r", "succeeded", null, 3);
            CompletableFuture<Cli.Result> exporter = CompletableFuture.supplyAsync(() -> Cli.run("run", "--once",
                    "--queue", q.dir.toString(), "--warehouse", url, "--max-backoff", "1s"));
            Thread.sleep(2500);
            assertThat(exporter).isNotDone();
            assertThat(StatusFile.read(q.dir).state()).isEqualTo("retrying");
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).start()) {
                Cli.Result r = exporter.get(60, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.err()).contains("warehouse jdbc:postgresql://localhost:" + port + "/postgres?user=postgres"
                        + " unavailable").contains("nothing is lost, retrying in 0.5 s").contains("retrying in 1.0 s");
                assertThat(rows(url, "SELECT row_id, status FROM synclog.sync_changelog"))
                        .containsExactly(List.of("1", "succeeded"));
            }
        }
    }

    @Test
    void consumedCycleFilesAreDeletedButNeverTheCommittedOrNewestCycle() throws Exception {
        SetTimeProvider clock = new SetTimeProvider(TestQueue.t(0) * 1000L);
        Path dir = tmp.resolve("q");
        try (TestQueue q = new TestQueue(dir, QueueLayout.builder(dir).timeProvider(clock))) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "1", "added", "{}", 2);
            clock.advanceMillis(3_600_000L);
            q.ok("s", "r", "2", "added", "{}", 3602);
            clock.advanceMillis(3_600_000L);
            q.ok("s", "r", "3", "added", "{}", 7202);
        }
        assertThat(cycleFiles(dir)).hasSize(3);
        String url = TestWarehouse.DUCKDB.freshUrl(tmp);
        Cli.Result r = Cli.run("run", "--once", "--queue", dir.toString(), "--warehouse", url, "--retain", "0s");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // The committed index is in the newest cycle: the two older ones are consumed.
        assertThat(cycleFiles(dir)).containsExactly("20240101-02F.cq4");
        assertThat(r.err()).contains("deleted consumed cycle file");
        assertThat(rows(url, "SELECT count(*) FROM " + LoaderTest.table(TestWarehouse.DUCKDB, url, "synclog",
                "sync_changelog"))).containsExactly(List.of(3L));
    }

    @Test
    void withoutRetainNothingIsDeletedAndTheStatusFileTellsWhatWasLoaded() throws Exception {
        Path dir = tmp.resolve("q");
        try (TestQueue q = new TestQueue(dir)) {
            q.agent(1, 0).runStarted("s", "r", 1).ok("s", "r", "1", "added", "{}", 2);
        }
        List<String> before = cycleFiles(dir);
        String url = TestWarehouse.DUCKDB.freshUrl(tmp);
        assertThat(Cli.run("run", "--once", "--queue", dir.toString(), "--warehouse", url).exitCode()).isZero();
        assertThat(cycleFiles(dir)).isEqualTo(before);
        ExporterStatus status = StatusFile.read(dir);
        assertThat(status.state()).isEqualTo("stopped");
        assertThat(status.rowsLoadedTotal()).isEqualTo(1);
        assertThat(status.eventsBehind()).isZero();
        Cli.Result shown = Cli.run("status", "--queue", dir.toString());
        assertThat(shown.exitCode()).isEqualTo(4);
        assertThat(shown.out()).contains("not running, last stopped").contains("events behind: 0")
                .contains("rows loaded:   1 in total");
    }

    private static List<String> cycleFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }
}
