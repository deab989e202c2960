package dev.synclog.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.synclog.exporter.support.ExporterProcess;
import dev.synclog.exporter.support.TestQueue;
import dev.synclog.exporter.support.TestWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse password given in the JDBC URL never appears in what the packaged exporter prints or writes beside
 * the queue, whether the load succeeds, the server is down, the URL is malformed or the database does not exist.
 */
class CredentialsIT {
    /** The ';' matters: JDBC URLs of some drivers end a value there, pgjdbc's do not. */
    private static final String PASSWORD = "pw-S3CR3T;tail-S3CR3T";
    private static final String SECRET_PART = "S3CR3T";

    @TempDir
    Path tmp;

    @Test
    void passwordNeverInOutputOrStatus() throws Exception {
        int port = TestWarehouse.postgres().getPort();
        String auth = "?user=postgres&password=" + PASSWORD;
        try (TestQueue q = new TestQueue(tmp.resolve("q"))) {
            q.agent(1, 0).runStarted("s", "r1", 1).ok("s", "r1", "a", "added", "{\"x\":1}", 2).runFinished("s", "r1", "succeeded", null, 3);
            List<String> outputs = new ArrayList<>();

            // The server accepts it (trust authentication ignores the password): a normal load.
            Process ok = once(q.dir, "jdbc:postgresql://localhost:" + port + "/postgres" + auth, "ok.log");
            assertThat(ok.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(ok.exitValue()).as(read("ok.log")).isZero();
            outputs.add(read("ok.log"));

            // No such database: the server refuses the connection for good.
            Process noDb = once(q.dir, "jdbc:postgresql://localhost:" + port + "/no_such_db" + auth, "no-db.log");
            assertThat(noDb.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(noDb.exitValue()).as(read("no-db.log")).isNotZero();
            outputs.add(read("no-db.log"));

            // Not a URL the driver can parse: the JDK's DriverManager names the URL in its message.
            Process malformed = once(q.dir, "jdbc:postgresql://localhost:notaport/postgres" + auth, "malformed.log");
            assertThat(malformed.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(malformed.exitValue()).as(read("malformed.log")).isNotZero();
            outputs.add(read("malformed.log"));

            // Server down: the exporter retries and says so; stopped once it has said it.
            Process down = once(q.dir, "jdbc:postgresql://localhost:" + closedPort() + "/postgres" + auth, "down.log");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!read("down.log").contains("unavailable") && System.nanoTime() < deadline && down.isAlive()) {
                    Thread.sleep(100);
                }
            } finally {
                down.destroy();
                down.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(read("down.log")).as("the exporter said the warehouse is unavailable").contains("unavailable");
            outputs.add(read("down.log"));

            assertThat(outputs).as("what the exporter printed").allSatisfy(out -> assertThat(out).doesNotContain(SECRET_PART));
            assertThat(outputs.get(0)).as("the load really ran").doesNotContain("ERROR");
            try (Stream<Path> files = Files.walk(q.dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(SECRET_PART);
                }
            }
        }
    }

    private Process once(Path queue, String url, String log) throws IOException {
        return ExporterProcess.start(tmp.resolve(log), "run", "--once", "--queue", queue.toString(), "--warehouse", url,
                "--schema", "creds_" + log.replaceAll("\\W", "_"));
    }

    private String read(String log) throws IOException {
        Path file = tmp.resolve(log);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
