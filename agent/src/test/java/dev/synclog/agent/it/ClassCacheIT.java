package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's HTTP client as transformed at an earlier start comes from the class cache: the same rows, and Byte Buddy
 * is not even loaded, until a class the cache cannot serve appears (that class waits for it and is instrumented) or
 * the config names app classes to instrument.
 */
class ClassCacheIT {
    @TempDir
    Path work;

    @Test
    void laterStartsTakeTheJdkClientFromTheCacheAndCaptureTheSameRows() throws Exception {
        try (AudienceSync sync = new AudienceSync(work)) {
            Path config = sync.writeConfig("", "");
            Path body = sync.writeBody(AudienceSync.TWO_MEMBERS);
            // The first start may transform the client before the writer has made the queue directory, where the
            // cache lives: the second start is the first sure to fill it, the third to read it.
            List<String> stderr = new ArrayList<>();
            for (int start = 0; start < 3; start++) {
                stderr.add(sync.send(AgentProcess.withConfig(config).jvmOption("-Dsynclog.debug=true"), "jdk", body, 1, 1)
                        .assertOk().stderr());
            }

            assertThat(stderr.get(0)).contains("Byte Buddy ready");
            assertThat(stderr.get(2)).contains("instrumented jdk.internal.net.http.HttpClientImpl (from the class cache)")
                    .doesNotContain("Byte Buddy ready").doesNotContain("internal error");
            Path cache = sync.queueDir().resolve("class-cache");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
            try (Stream<Path> entries = Files.list(cache)) {
                assertThat(entries).singleElement().satisfies(entry ->
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry))).isEqualTo("rw-------"));
            }

            // HttpURLConnection is not cached yet: that class sets Byte Buddy up, waits for it and is instrumented.
            String onDemand = sync.send(AgentProcess.withConfig(config).jvmOption("-Dsynclog.debug=true"), "urlconn", body, 1, 1)
                    .assertOk().stderr();
            assertThat(onDemand).contains("set up for sun.net.www.protocol.http.HttpURLConnection")
                    .contains("instrumented sun.net.www.protocol.http.HttpURLConnection").doesNotContain("internal error");
            // OkHttp on the class path: only Byte Buddy instruments it, so it sets up at start, ahead of OkHttp's first class.
            String okHttpAround = sync.send(LibraryVersions.onClassPath(AgentProcess.withConfig(config)
                            .jvmOption("-Dsynclog.debug=true"), "okhttp", LibraryVersions.of("synclog.okhttp.versions").get(0)),
                    "jdk", body, 1, 1).assertOk().stderr();
            assertThat(okHttpAround).contains("found okhttp3.OkHttpClient on the app's class path: Byte Buddy sets up now")
                    .contains("instrumented jdk.internal.net.http.HttpClientImpl (from the class cache)")
                    .doesNotContain("internal error");
            // A run method in the config: only Byte Buddy can instrument its class, which surely loads, so it sets up at once.
            sync.writeConfig("", "runs:\n  method: " + SendApp.class.getName() + "#main\n");
            String runMethod = sync.send(AgentProcess.withConfig(config).jvmOption("-Dsynclog.debug=true"), "jdk", body, 1, 1)
                    .assertOk().stderr();
            assertThat(runMethod).contains("set up for the run method " + SendApp.class.getName())
                    .contains("instrumented " + SendApp.class.getName())
                    .contains("instrumented jdk.internal.net.http.HttpClientImpl (from the class cache)")
                    .doesNotContain("internal error");

            RecordedEvents events = sync.recorded();
            assertThat(events.agents).hasSize(6);
            assertThat(events.rows).extracting(RowResult::rowId)
                    .containsExactly("m0-a", "m0-b", "m0-a", "m0-b", "m0-a", "m0-b", "m0-a", "m0-b", "m0-a", "m0-b", "m0-a", "m0-b");
            String lastRun = events.rows.get(events.rows.size() - 1).runId();
            assertThat(events.runsStarted).extracting(RunStarted::runId).hasSize(6).contains(lastRun)
                    .doesNotHaveDuplicates();
        }
    }
}
