package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.synclog.agent.it.apps.SdkApp;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SDK method endpoints ({@code java_method}): rows read from typed objects (beans, records, maps), outcomes from the
 * return value (index-aligned, keyed by id) or the exception, privacy before the queue, and the app unchanged.
 */
class SdkMethodsIT {
    /** The config's endpoint on a class the app never loads: said at exit (the class could be a misspelt name). */
    static final String NEVER_LOADED = "synclog: WARNING: com.acme.crm.NeverLoadedApi, named by endpoint 'never-loaded',"
            + " was never loaded in this process, so nothing of it was captured; check the class name (a nested class as"
            + " Outer$Inner) against the app's, unless the app did not use it this time";
    static final String SDK = "dev.synclog.agent.it.apps.sdk.AcmeCrmClient";
    private static final String SECRET = "hunter2-SECRET-VALUE";

    /** What {@link SdkApp}'s calls hold; {@link #REFUSED}: the exception that fails one call. */
    static final String REFUSED = SDK + "$AcmeApiException: rate limited: 3 events over the limit of 2";
    /** {@link SdkApp}'s rows, as {@link RecordedEvents#line}, in call order. */
    static final List<String> ROWS = List.of(
            // beans, index-aligned result list; fields as they were when the method was called (version 0),
            // public fields read, the password excluded and the phone masked
            "c1 upsert succeeded null {\"active\":true,\"address\":{\"city\":\"Oslo\",\"phone\":\"********\"},"
                    + "\"email\":\"ann@example.com\",\"id\":\"c1\",\"version\":0} #1",
            "c2 upsert failed email is malformed {\"active\":true,\"address\":{\"city\":\"Bergen\",\"phone\":\"********\"},"
                    + "\"email\":\"bob@\",\"id\":\"c2\",\"version\":0} #1",
            // an array of records, errors keyed by id
            "r1 removed succeeded null {\"id\":\"r1\",\"email\":\"old@example.com\",\"tags\":[]} #1",
            "r2 removed failed contact r2 is locked {\"id\":\"r2\",\"email\":\"kept@example.com\",\"tags\":[\"vip\",\"locked\"]} #1",
            // maps; the exception fails every row, a normal return succeeds them
            "e1 added failed " + REFUSED + " {\"name\":\"signup\",\"amount\":1.50} #1",
            "e2 added failed " + REFUSED + " {\"name\":\"upgrade\",\"amount\":1.50} #1",
            "e3 added failed " + REFUSED + " {\"name\":\"churn\",\"amount\":1.50} #1",
            "e1 added succeeded null {\"name\":\"signup\",\"amount\":1.50} #2",
            "e2 added succeeded null {\"name\":\"upgrade\",\"amount\":1.50} #2");

    @TempDir
    Path work;

    /** The endpoints of {@link SdkApp}'s SDK; {@link SpringBootJarIT} runs the same app from an executable jar. */
    static String config(Path queue) {
        return """
                sync:
                  sync_id: crm-contacts
                  destination: acme
                queue:
                  dir: %s
                privacy:
                  exclude: [password]
                  mask: [phone]
                endpoints:
                  - name: contacts-upsert
                    object: contacts
                    java_method: {class: %s, name: batchUpsert}
                    request: {rows: "", row_id: /id}
                    response: {outcome: index_aligned, items: "", success: /status, success_values: [OK], reason: /message}
                  - name: contacts-archive
                    object: contacts
                    java_method:
                      class: %s
                      name: archive
                      parameters: ["%s$ContactRecord[]"]
                    request: {rows: "", row_id: /id, op: removed}
                    response: {outcome: by_id, items: "", reason: /message}
                  - name: events-import
                    object: events
                    java_method: {class: %s, name: importEvents, parameters: [java.util.List, int]}
                    request: {rows: "", row_id: /event_id, fields: /properties, op: added}
                  - name: never-loaded
                    java_method: {class: com.acme.crm.NeverLoadedApi, name: send}
                    request: {rows: "", row_id: /id}
                """.formatted(queue, SDK, SDK, SDK, SDK);
    }

    @Test
    void everyShapeIsRecordedWithExactRowsAndTheAppIsUnchanged() throws Exception {
        Path configFile = work.resolve("synclog.yaml");
        Files.writeString(configFile, config(work.resolve("queue")));
        AgentProcess.Result with = AgentProcess.withConfig(configFile).run(work, SdkApp.class).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().run(work, SdkApp.class).assertOk();
        assertThat(with.stdout()).isEqualTo(without.stdout()).contains("import failed: rate limited");
        assertThat(with.agentLines()).noneMatch(line -> line.contains("error") || line.contains("cannot"))
                .filteredOn(line -> line.contains("WARNING")).containsExactly(NEVER_LOADED);

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.calls).extracting(CallCompleted::endpoint)
                .containsExactly("contacts-upsert", "contacts-archive", "events-import", "events-import");
        assertThat(events.calls).allSatisfy(call -> {
            assertThat(call.httpMethod()).isEqualTo("CALL");
            assertThat(call.httpStatus()).isZero();
        });
        assertThat(events.calls).extracting(CallCompleted::url).containsExactly(
                "java:" + SDK + "#batchUpsert", "java:" + SDK + "#archive", "java:" + SDK + "#importEvents",
                "java:" + SDK + "#importEvents");
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly(null, null, REFUSED, null);

        List<String> rows = new ArrayList<>();
        events.rows.forEach(row -> rows.add(RecordedEvents.line(row)));
        assertThat(rows).containsExactlyElementsOf(ROWS);

        try (Stream<Path> files = Files.walk(work.resolve("queue"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(SECRET).doesNotContain("pw-of-bob").doesNotContain("555 0101");
            }
        }
    }

    @Test
    void aMethodTheClassDoesNotHaveIsOneWarningAndTheOtherEndpointsWork() throws Exception {
        Path configFile = work.resolve("synclog.yaml");
        Files.writeString(configFile, config(work.resolve("queue"))
                .replace("parameters: [java.util.List, int]", "parameters: [java.util.Set, int]"));
        AgentProcess.Result with = AgentProcess.withConfig(configFile).run(work, SdkApp.class).assertOk();
        assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, SdkApp.class).assertOk().stdout());
        assertThat(with.agentLines()).filteredOn(line -> line.contains("WARNING")).containsExactly(
                "synclog: WARNING: endpoint 'events-import': " + SDK + " has no method " + SDK + "#importEvents(java.util.Set,"
                        + " int) with a body, so nothing is captured; it has importEvents(java.util.List, int); fix"
                        + " java_method.parameters (for an interface or abstract class, name the class that implements the method)",
                NEVER_LOADED);
        assertThat(RecordedEvents.read(work.resolve("queue")).calls).extracting(CallCompleted::endpoint)
                .containsExactly("contacts-upsert", "contacts-archive");
    }

    /**
     * {@code check --class-path}, before the app runs, says what the agent says when the classes load (the typo test
     * above), or at exit for a class that never does: here, not on the class path at all.
     */
    @Test
    void theCheckLooksUpTheClassesTheConfigNamesOnTheAppsClassPath() throws Exception {
        Path configFile = work.resolve("synclog.yaml");
        String classPath = Path.of(System.getProperty("synclog.test.classes", "target/test-classes")).toAbsolutePath()
                + File.pathSeparator + work.resolve("no-jars-here") + File.separator + "*";
        Files.createDirectories(work.resolve("no-jars-here"));
        Files.writeString(configFile, config(work.resolve("queue"))
                .replace("parameters: [java.util.List, int]", "parameters: [java.util.Set, int]")
                + "runs: {method: " + SdkApp.class.getName() + "#mian}\n");

        AgentProcess.Result check = AgentProcess.withConfig(configFile).check(work, "--class-path", classPath);

        assertThat(check.exitCode()).as(check.stderr()).isEqualTo(3);
        assertThat(check.stdout()).startsWith("synclog: " + configFile + " is valid; with it the agent would capture:");
        assertThat(check.stderr().lines()).hasSize(3);
        assertThat(check.stderr().lines().toList().get(0)).startsWith("synclog: WARNING: runs.method: "
                + SdkApp.class.getName() + " has no method 'mian' with a body, so no run starts there and the process's"
                + " life is one run; it declares main, ");
        assertThat(check.stderr().lines().skip(1)).containsExactly(
                "synclog: WARNING: endpoint 'events-import': " + SDK + " has no method " + SDK + "#importEvents(java.util.Set,"
                        + " int) with a body, so nothing is captured; it has importEvents(java.util.List, int); fix"
                        + " java_method.parameters (for an interface or abstract class, name the class that implements the method)",
                "synclog: WARNING: com.acme.crm.NeverLoadedApi, named by endpoint 'never-loaded', is not on the class path"
                        + " given: nothing of it would be captured; check the class name (a nested class as Outer$Inner)"
                        + " and the class path");

        Files.writeString(configFile, config(work.resolve("queue")).replaceAll("(?s)  - name: never-loaded.*", ""));
        AgentProcess.Result clean = AgentProcess.withConfig(configFile).check(work, "--class-path", classPath);
        assertThat(clean.exitCode()).as(clean.stderr()).isZero();
        assertThat(clean.stdout().lines().reduce((a, b) -> b)).contains("classes: each class the config names is on"
                + " the class path, with the methods it names");

        AgentProcess.Result missing = AgentProcess.withConfig(configFile).check(work, "--class-path",
                work.resolve("no-such.jar").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("synclog: --class-path entry " + work.resolve("no-such.jar")
                + " does not exist; usage: java -jar synclog.jar check [CONFIG] [--class-path CLASSPATH]");
    }

    @Test
    void aFailureInsideTheAgentLeavesTheAppUnchanged() throws Exception {
        Path configFile = work.resolve("synclog.yaml");
        Files.writeString(configFile, config(work.resolve("queue")));
        AgentProcess.Result with = AgentProcess.withConfig(configFile).jvmOption("-Dsynclog.inject-fault=capture")
                .run(work, SdkApp.class).assertOk();
        assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, SdkApp.class).assertOk().stdout());
        assertThat(with.agentLines()).filteredOn(line -> line.contains("internal error")).singleElement().asString()
                .startsWith("synclog: internal error in capturing the rows argument of an SDK method (logged once;");
        assertThat(RecordedEvents.read(work.resolve("queue")).calls).isEmpty();
    }

    @Test
    void anArgumentOverTheCaptureCapIsACallErrorWithoutRows() throws Exception {
        Path configFile = work.resolve("synclog.yaml");
        Files.writeString(configFile, config(work.resolve("queue")).replace("endpoints:\n", "capture:\n  max_body_size: 4KiB\nendpoints:\n"));
        AgentProcess.Result with = AgentProcess.withConfig(configFile).run(work, SdkApp.class, "large-batch").assertOk();
        assertThat(with.stdout()).isEqualTo(AgentProcess.withoutAgent().run(work, SdkApp.class, "large-batch").assertOk().stdout())
                .contains("large upsert: 500 results");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        CallCompleted large = events.calls.get(events.calls.size() - 1);
        assertThat(large.endpoint()).isEqualTo("contacts-upsert");
        assertThat(large.error()).isEqualTo("request body is over the 4096-byte capture cap, so its rows were not recorded;"
                + " raise capture.max_body_size");
        assertThat(large.rowsSucceeded() + large.rowsFailed()).isZero();
        assertThat(events.rows).hasSize(9); // those of the other calls, as in the test above
    }

    @Test
    void aParameterTypeThatIsNotAJavaTypeNameIsOneConfigErrorLine() throws Exception {
        Path configFile = work.resolve("synclog.yaml");
        Files.writeString(configFile, config(work.resolve("queue"))
                .replace("parameters: [java.util.List, int]", "parameters: [java.util.List<Map>, int]"));
        AgentProcess.Result with = AgentProcess.withConfig(configFile).run(work, SdkApp.class).assertOk();
        AgentProcess.Result without = AgentProcess.withoutAgent().run(work, SdkApp.class).assertOk();
        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.agentLines()).singleElement().asString()
                .startsWith("synclog: " + configFile + ":25:104: 'endpoints[2].java_method.parameters[0]' value "
                        + "'java.util.List<Map>' is not a Java type name;")
                .contains("java.util.List (not List<Contact>)");
        assertThat(work.resolve("queue")).doesNotExist();
    }
}
