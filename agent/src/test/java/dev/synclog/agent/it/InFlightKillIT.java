package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.InFlightApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An app killed with {@code kill -9} while the destination holds the answers to calls it has received whole, one call
 * of each client at once: the next agent on the same queue records each of the calls' rows once, as failed in
 * flight. The rows must have been journaled before the destination could have the whole request.
 */
class InFlightKillIT {
    private static final String IN_FLIGHT = "the process ended before the response, so whether the destination"
            + " applied the row is unknown";

    @TempDir
    Path work;
    LoopbackDestination destination;
    /** A permit for each request the destination has received whole, and holds. */
    final Semaphore received = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        LoopbackDestination.Responder hold = LoopbackDestination.heldUntil(release, received::release,
                Response.json(200, "{\"results\":[{\"ok\":true},{\"ok\":true}]}"));
        destination.on("/v1/members:add", hold).on("/v1/sdk-push", hold);
    }

    @AfterEach
    void stop() {
        release.countDown();
        destination.close();
    }

    /**
     * Every client's call in flight at once in one app, killed once: HttpAsyncClient 4 in an app of its own, as it
     * brings its own HttpClient 4 (4.5.13, the other app's is 4.5.14).
     */
    static Stream<Arguments> clientsInOneApp() {
        return Stream.of(
                Arguments.of(List.of("okhttp", "okhttp-chunked", "apache-bytes", "apache-stream", "apache4-stream", "sdk",
                        "urlconnection-chunked", "urlconnection-fixed", "async5-simple", "async5-producer",
                        "reactor-netty", "reactor-netty-chunked"), List.of("okhttp", "httpclient5", "httpclient4", "reactor-netty")),
                Arguments.of(List.of("async4-bytes", "async4-stream"), List.of("httpasyncclient4")));
    }

    @ParameterizedTest
    @MethodSource("clientsInOneApp")
    void theRowsOfTheCallsInFlightAreRecordedOnceAsFailedInFlight(List<String> modes, List<String> libraries) throws Exception {
        Path config = config();
        String killedStderr;
        try (AgentProcess.Running app = withLibraries(AgentProcess.withConfig(config), libraries).start(work, InFlightApp.class,
                appArgs(modes))) {
            awaitReceived(modes, app);
            app.kill9();
            killedStderr = Files.readString(app.err());
        }
        AgentProcess.Result next;
        try (AgentProcess.Running nextAgent = AgentProcess.withConfig(config).start(work, InFlightApp.class, "idle")) {
            awaitRecovery(nextAgent);
            nextAgent.process().getOutputStream().close();
            next = nextAgent.await().assertOk();
        }

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).as("rows recorded; stderr of the killed app:%n%s%nof the next one:%n%s", killedStderr, next.stderr())
                .extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                .containsExactlyInAnyOrderElementsOf(failedInFlight(modes));
        assertThat(events.calls).hasSameSizeAs(modes).allSatisfy(c -> assertThat(c.httpStatus()).isZero());
    }

    /**
     * Stopped with SIGTERM (a deploy, a scale-down) while the destination holds the answers: the JVM exits cleanly, and
     * the agent's exit records the calls' rows as failed in flight itself, as the next agent would after a kill -9,
     * instead of deleting the journal that holds them. Client-independent (the writer's exit): one client on the
     * app's thread, one SDK method.
     */
    @Test
    void callsInFlightAtSigtermAreRecordedByTheExitingAgentAsFailedInFlight() throws Exception {
        List<String> modes = List.of("okhttp", "sdk");
        AgentProcess.Result stopped;
        try (AgentProcess.Running app = withLibraries(AgentProcess.withConfig(config()), List.of("okhttp")).start(work,
                InFlightApp.class, appArgs(modes))) {
            awaitReceived(modes, app);
            stopped = app.terminate();
        }

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).as("rows recorded; the app's stderr:%n%s", stopped.stderr())
                .extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                .containsExactlyInAnyOrderElementsOf(failedInFlight(modes));
        assertThat(events.calls).hasSize(2).allSatisfy(c -> assertThat(c.httpStatus()).isZero());
        assertThat(events.runsFinished).singleElement().satisfies(r -> assertThat(r.error()).contains("2 calls of the run had not completed"));
        try (Stream<Path> left = Files.list(work.resolve("queue").resolve("journal"))) {
            assertThat(left).as("the journal, drained and deleted at exit").isEmpty();
        }
    }

    private String[] appArgs(List<String> modes) {
        List<String> args = new ArrayList<>(List.of(destination.url("/v1/members:add"), destination.url("/v1/sdk-push")));
        args.addAll(modes);
        return args.toArray(String[]::new);
    }

    private void awaitReceived(List<String> modes, AgentProcess.Running app) throws Exception {
        if (!received.tryAcquire(modes.size(), 60, TimeUnit.SECONDS)) {
            throw new AssertionError("the destination did not receive a request of each of " + modes + " within 60 s"
                    + " (" + received.availablePermits() + " received); the app's stderr:\n" + Files.readString(app.err()));
        }
    }

    private static List<String> failedInFlight(List<String> modes) {
        return modes.stream().flatMap(m -> Stream.of(m + "/r1 failed " + IN_FLIGHT, m + "/r2 failed " + IN_FLIGHT)).toList();
    }

    /**
     * The next agent recovers the dead journal on its writer thread: an app that exited at once could end it first
     * (the writer drains for a few seconds at exit), so the app is kept until the agent says it is done (bounded).
     */
    private static void awaitRecovery(AgentProcess.Running agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String stderr = "";
        while (System.nanoTime() < deadline && agent.isAlive()) {
            stderr = Files.readString(agent.err());
            if (stderr.contains("synclog: recovered the journal of process ")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the next agent did not report recovering the killed app's journal within 60 s;"
                + " its stderr:\n" + stderr);
    }

    private static AgentProcess withLibraries(AgentProcess process, List<String> libraries) throws Exception {
        for (String library : libraries) {
            LibraryVersions.onClassPath(process, library, newest("synclog." + library + ".versions"));
        }
        return process;
    }

    private static String newest(String property) {
        var versions = LibraryVersions.of(property);
        return versions.get(versions.size() - 1);
    }

    private Path config() throws Exception {
        Path file = work.resolve("synclog.yaml");
        Files.writeString(file, """
                sync:
                  sync_id: members
                  destination: crm
                queue:
                  dir: %s
                endpoints:
                  - name: members
                    match: {host: 127.0.0.1, method: POST, path: /v1/members:add}
                    request: {rows: /members, row_id: /id, op: added}
                    response: {outcome: index_aligned, items: /results, success: /ok}
                  - name: members-sdk
                    java_method: {class: %s, name: push}
                    request: {rows: "", row_id: /id, op: added}
                """.formatted(work.resolve("queue"), InFlightApp.Destination.class.getName()));
        return file;
    }
}
