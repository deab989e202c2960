package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.synclog.agent.it.LoopbackDestination.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client-library ITs share: a loopback members endpoint answering two rows per call (one succeeded, one
 * failed), the agent's config for it, a send app of one library version run with the agent or without, and the two
 * checks every library gets: a failure inside the agent leaves the app as it was, a response over the capture cap
 * reaches the app whole, and switched off it captures nothing.
 */
abstract class ClientLibraryFixture {
    static final String PATH = "/v1/members:add";
    static final String RESULTS = "{\"results\":[{\"ok\":true},{\"ok\":false,\"error\":{\"message\":\"invalid email\"}}]}";

    private final String library;
    private final String newest;
    private final Class<?> app;
    private final String configKey;
    /** What the app does by default, one call each: the send app's modes or overloads. */
    private final String[] calls;

    @TempDir
    Path work;
    LoopbackDestination destination;

    /**
     * @param library   its folder in the app libraries ({@link LibraryVersions#onClassPath})
     * @param versions  the supported versions, oldest first
     * @param configKey its switch under {@code capture.instrumentation}
     */
    ClientLibraryFixture(String library, List<String> versions, Class<?> app, String configKey, String... calls) {
        this.library = library;
        this.newest = versions.get(versions.size() - 1);
        this.app = app;
        this.configKey = configKey;
        this.calls = calls;
    }

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        destination.on(PATH, (req, n) -> Response.json(200, RESULTS));
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    /** A fault where the app's thread copies the call, and one where the writer reads it: each against one run without. */
    @Test
    void aFailureInsideTheAgentLeavesTheAppAsItWas() throws Exception {
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest());
        for (String point : List.of("capture", "interpret")) {
            AgentProcess.Result with = run(AgentProcess.withConfig(config()).jvmOption("-Dsynclog.inject-fault=" + point), newest());

            assertThat(with.stdout()).as("the app's output, a fault injected at " + point).isEqualTo(without.stdout());
            assertThat(with.agentLines()).as("the agent's lines, a fault injected at " + point)
                    .filteredOn(l -> l.startsWith("synclog: internal error in "))
                    .singleElement().satisfies(l -> assertThat(l).contains("-Dsynclog.inject-fault"));
        }
    }

    @Test
    void switchedOffItCapturesNothing() throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config("capture: {instrumentation: {" + configKey
                + ": false}}\n")), newest());

        assertThat(with.stdout().lines()).hasSize(calls.length).allMatch(l -> l.contains(" RESPONSE 200 "));
        assertThat(recorded().calls).isEmpty();
    }

    @Test
    void aResponseOverTheCaptureCapIsACallLevelResultAndTheAppReadsItWhole() throws Exception {
        destination.on(PATH, (req, n) -> Response.json(200, "{\"results\":[],\"note\":\"" + "x".repeat(5000) + "\"}"));
        AgentProcess.Result with = run(AgentProcess.withConfig(config("capture: {max_body_size: 1KiB}\n")), newest());
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest());

        assertThat(with.stdout()).as("what the app and its handlers read, with and without the agent")
                .isEqualTo(without.stdout()).hasSizeGreaterThan(5000 * calls.length);
        RecordedEvents events = recorded();
        // The rows are known from the request, their outcomes are not: each fails saying so.
        assertThat(events.rows).hasSize(2 * calls.length).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.failureReason()).contains("over the 1024-byte capture cap");
        });
        assertThat(events.calls).hasSize(calls.length).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(200));
    }

    String newest() {
        return newest;
    }

    /**
     * The default calls on {@code version}, with and without the agent: the app and its handlers get the same results
     * body, and each call is recorded once with its two rows.
     */
    void assertEachDefaultCallRecordedOnce(String version) throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version);

        assertThat(with.stdout()).as("what the app and its handlers got, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(calls.length).allMatch(l -> l.endsWith(" RESPONSE 200 "
                + Base64.getEncoder().encodeToString(RESULTS.getBytes(StandardCharsets.UTF_8))));
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(rowsOf(calls.length));
        assertThat(events.calls).hasSize(calls.length).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.endpoint()).isEqualTo("members");
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
        assertThat(destination.hits(PATH)).isEqualTo(2 * calls.length);
    }

    /**
     * Two of the given calls answered 400 with a message: the app reads the error body as it would without the
     * agent, and every row of each call fails with the message as its reason.
     */
    void assertAnErrorResponseFailsEveryRow(String firstCall, String secondCall) throws Exception {
        destination.on(PATH, (req, n) -> Response.json(400, "{\"error\":{\"message\":\"audience 42 is archived\"}}"));
        String url = destination.url(PATH);
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, firstCall, secondCall);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), newest(), url, firstCall, secondCall);

        assertThat(with.stdout()).isEqualTo(without.stdout()).contains(" RESPONSE 400 ");
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                .containsExactly("0a failed HTTP 400: audience 42 is archived", "0b failed HTTP 400: audience 42 is archived",
                        "1a failed HTTP 400: audience 42 is archived", "1b failed HTTP 400: audience 42 is archived");
        assertThat(events.calls).hasSize(2).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(400));
    }

    /** The default calls to the members endpoint. */
    AgentProcess.Result run(AgentProcess process, String version) throws Exception {
        return run(process, version, destination.url(PATH), calls);
    }

    /** Each call sends two rows, {@code Na} and {@code Nb} for the call's number N, and prints what the app got. */
    AgentProcess.Result run(AgentProcess process, String version, String url, String... calls) throws Exception {
        return LibraryVersions.onClassPath(process, library, version).run(work, app, sendArgs(work, url, calls)).assertOk();
    }

    /** The send app's arguments for {@code calls} to {@code url}; writes the body they send into {@code work}. */
    static String[] sendArgs(Path work, String url, String... calls) throws Exception {
        Path body = work.resolve("body.json");
        Files.writeString(body, "{\"members\":[{\"id\":\"{n}a\"},{\"id\":\"{n}b\"}]}");
        List<String> args = new ArrayList<>(List.of(url, "application/json", body.toString()));
        args.addAll(List.of(calls));
        return args.toArray(new String[0]);
    }

    /** The rows of {@code calls} calls as {@link RecordedEvents#line}: each call's first row succeeds, its second fails. */
    static List<String> rowsOf(int calls) {
        List<String> rows = new ArrayList<>();
        for (int n = 0; n < calls; n++) {
            rows.add(n + "a added succeeded null {\"id\":\"" + n + "a\"} #1");
            rows.add(n + "b added failed invalid email {\"id\":\"" + n + "b\"} #1");
        }
        return rows;
    }

    /** The events the agent wrote to the queue so far. */
    RecordedEvents recorded() throws Exception {
        return RecordedEvents.read(work.resolve("queue"));
    }

    Path config() throws Exception {
        return config("");
    }

    Path config(String more) throws Exception {
        return config(work, more);
    }

    /** The members endpoint's config, with {@code more} top-level YAML, written into {@code work}. */
    static Path config(Path work, String more) throws Exception {
        Path file = work.resolve("synclog.yaml");
        Files.writeString(file, "sync:\n  sync_id: members\n  destination: crm\nqueue:\n  dir: " + work.resolve("queue") + "\n"
                + "endpoints:\n  - name: members\n    match: {host: 127.0.0.1, method: POST, path: " + PATH + "}\n"
                + "    request: {rows: /members, row_id: /id, op: added}\n"
                + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n" + more);
        return file;
    }
}
