package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.synclog.agent.it.apps.SdkApp;
import dev.synclog.agent.it.apps.SendApp;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunStarted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's HTTP client, and the app classes the config names (a run method's, SDK methods'), as transformed at an
 * earlier start come from the class cache: the same rows, and Byte Buddy is not even loaded, until a class the cache
 * cannot serve appears (that class waits for it and is instrumented), or the config changes what the named classes'
 * transformation reads.
 */
class ClassCacheIT {
    /** What only Byte Buddy's set-up loads: its agent builder and its advice. */
    private static final String[] BYTE_BUDDY_SET_UP = {"net.bytebuddy.agent.builder.AgentBuilder$Default", "net.bytebuddy.asm.Advice"};

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
            // A run method the cache does not hold for this config: its class surely loads, so Byte Buddy sets up at once.
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

    @Test
    void aRunMethodsAndSdkMethodsClassesComeFromTheCacheForTheSameConfigWithoutLoadingByteBuddy() throws Exception {
        Path config = work.resolve("synclog.yaml");
        String sdkMethods = SdkMethodsIT.config(work.resolve("queue"));
        Files.writeString(config, sdkMethods + "runs:\n  method: " + SdkApp.class.getName() + "#main\n");
        AgentProcess.Result first = startSdkApp(config);
        AgentProcess.Result second = startSdkApp(config);

        assertThat(first.stderr()).contains("set up for the run method " + SdkApp.class.getName())
                .contains("instrumented " + SdkApp.class.getName() + "\n")
                .contains("instrumented " + SdkMethodsIT.SDK + "\n");
        assertThat(byteBuddyClassesLoaded(first.stdout())).hasSizeGreaterThan(500).contains(BYTE_BUDDY_SET_UP);
        assertThat(second.stderr()).contains("instrumented " + SdkApp.class.getName() + " (from the class cache)")
                .contains("instrumented " + SdkMethodsIT.SDK + " (from the class cache)")
                .doesNotContain("Byte Buddy ready").doesNotContain("internal error");
        // The instrumentations' own classes, loaded at premain, name a few of Byte Buddy's interfaces, which the
        // JVM's verifier loads (18 of them): the set-up loads over 1,000 classes.
        assertThat(byteBuddyClassesLoaded(second.stdout())).as("Byte Buddy's classes loaded at the second start")
                .hasSizeLessThan(30).doesNotContain(BYTE_BUDDY_SET_UP);
        assertThat(appOutput(second.stdout())).isEqualTo(appOutput(first.stdout())).contains("import failed: rate limited: 3 events over the limit of 2");

        // The run method moved to the SDK's class: that class's transformation changes, so it misses and is made anew.
        Files.writeString(config, sdkMethods + "runs:\n  method: " + SdkMethodsIT.SDK + "#batchUpsert\n");
        AgentProcess.Result moved = startSdkApp(config);
        assertThat(moved.stderr()).contains("set up for the run method " + SdkMethodsIT.SDK + "#batchUpsert")
                .contains("instrumented " + SdkMethodsIT.SDK + "\n")
                .doesNotContain("instrumented " + SdkApp.class.getName()).doesNotContain("internal error");
        assertThat(appOutput(moved.stdout())).isEqualTo(appOutput(first.stdout()));

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.agents).hasSize(3);
        int rowsAStart = SdkMethodsIT.ROWS.size();
        assertThat(events.rows).hasSize(3 * rowsAStart);
        List<String> callsEachStart = List.of("contacts-upsert", "contacts-archive", "events-import", "events-import");
        assertThat(events.calls).extracting(CallCompleted::endpoint).containsExactlyElementsOf(
                Stream.of(callsEachStart, callsEachStart, callsEachStart).flatMap(List::stream).toList());
        for (int start = 0; start < 3; start++) {
            List<RowResult> rows = events.rows.subList(start * rowsAStart, (start + 1) * rowsAStart);
            assertThat(rows).extracting(RecordedEvents::line).as("start " + start).containsExactlyElementsOf(SdkMethodsIT.ROWS);
            // main as the run method: every row in its one run; batchUpsert: its rows in a run of their own.
            long runs = rows.stream().map(RowResult::runId).distinct().count();
            assertThat(runs).as("start " + start).isEqualTo(start < 2 ? 1 : 2);
        }
        assertThat(events.rows.get(0).runId()).isNotEqualTo(events.rows.get(rowsAStart).runId());
    }

    @Test
    void aClassWhoseInstrumentationWarnedIsNotKeptSoEveryStartWarns() throws Exception {
        Path config = work.resolve("synclog.yaml");
        Files.writeString(config, SdkMethodsIT.config(work.resolve("queue"))
                + "  - name: typo\n    java_method: {class: " + SdkMethodsIT.SDK + ", name: batchUpsrt}\n"
                + "    request: {rows: \"\", row_id: /id}\n");
        for (int start = 0; start < 2; start++) {
            assertThat(startSdkApp(config).stderr()).as("start " + start)
                    .contains("endpoint 'typo': " + SdkMethodsIT.SDK + " has no method")
                    .contains("instrumented " + SdkMethodsIT.SDK + "\n")
                    .doesNotContain("instrumented " + SdkMethodsIT.SDK + " (from the class cache)");
        }
    }

    private AgentProcess.Result startSdkApp(Path config) throws Exception {
        return AgentProcess.withConfig(config).jvmOption("-Dsynclog.debug=true").jvmOption("-Xlog:class+load=info:stdout")
                .run(work, SdkApp.class).assertOk();
    }

    /**
     * Byte Buddy's classes among those {@code -Xlog:class+load} listed, each line as
     * {@code [0.012s][info][class,load] net.bytebuddy.matcher.ElementMatcher source: file:/...}.
     */
    private static List<String> byteBuddyClassesLoaded(String stdout) {
        return stdout.lines().filter(line -> line.contains("[class,load]"))
                .map(line -> line.substring(line.indexOf("[class,load]") + "[class,load]".length()).trim().split(" ")[0])
                .filter(name -> name.startsWith("net.bytebuddy.")).distinct().toList();
    }

    private static List<String> appOutput(String stdout) {
        return stdout.lines().filter(line -> !line.contains("[class,load]")).toList();
    }
}
