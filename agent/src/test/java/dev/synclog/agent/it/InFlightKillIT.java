package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.InFlightApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An app killed with {@code kill -9} while the destination holds the answer to a call it has received whole: the
 * next agent on the same queue records each of the call's rows once, as failed in flight, for every client. The
 * rows must have been journaled before the destination could have the whole request.
 */
class InFlightKillIT {
    private static final String IN_FLIGHT = "the process ended before the response, so whether the destination"
            + " applied the row is unknown";

    @TempDir
    Path work;
    LoopbackDestination destination;
    final CountDownLatch received = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        LoopbackDestination.Responder hold = (request, attempt) -> {
            received.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.json(200, "{\"results\":[{\"ok\":true},{\"ok\":true}]}");
        };
        destination.on("/v1/members:add", hold).on("/v1/sdk-push", hold);
    }

    @AfterEach
    void stop() {
        release.countDown();
        destination.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"okhttp", "okhttp-chunked", "apache-bytes", "apache-stream", "apache4-stream", "sdk",
            "urlconnection-chunked", "urlconnection-fixed", "async4-bytes", "async4-stream", "async5-simple", "async5-producer",
            "reactor-netty", "reactor-netty-chunked"})
    void theRowsOfTheCallInFlightAreRecordedOnceAsFailedInFlight(String mode) throws Exception {
        Path config = config();
        String url = destination.url(mode.equals("sdk") ? "/v1/sdk-push" : "/v1/members:add");
        String killedStderr;
        try (AgentProcess.Running app = withLibrary(AgentProcess.withConfig(config), mode).start(work, InFlightApp.class, mode, url)) {
            assertThat(received.await(30, TimeUnit.SECONDS)).as("the destination received the request").isTrue();
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
                .containsExactlyInAnyOrder("r1 failed " + IN_FLIGHT, "r2 failed " + IN_FLIGHT);
        assertThat(events.calls).singleElement().satisfies(c -> assertThat(c.httpStatus()).isZero());
    }

    /**
     * Stopped with SIGTERM (a deploy, a scale-down) while the destination holds the answer: the JVM exits cleanly, and
     * the agent's exit records the call's rows as failed in flight itself, as the next agent would after a kill -9,
     * instead of deleting the journal that holds them. Client-independent (the writer's exit): one client on the
     * app's thread, one SDK method.
     */
    @ParameterizedTest
    @ValueSource(strings = {"okhttp", "sdk"})
    void aCallInFlightAtSigtermIsRecordedByTheExitingAgentAsFailedInFlight(String mode) throws Exception {
        String url = destination.url(mode.equals("sdk") ? "/v1/sdk-push" : "/v1/members:add");
        AgentProcess.Result stopped;
        try (AgentProcess.Running app = withLibrary(AgentProcess.withConfig(config()), mode).start(work, InFlightApp.class, mode, url)) {
            assertThat(received.await(30, TimeUnit.SECONDS)).as("the destination received the request").isTrue();
            stopped = app.terminate();
        }

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).as("rows recorded; the app's stderr:%n%s", stopped.stderr())
                .extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason())
                .containsExactlyInAnyOrder("r1 failed " + IN_FLIGHT, "r2 failed " + IN_FLIGHT);
        assertThat(events.calls).singleElement().satisfies(c -> assertThat(c.httpStatus()).isZero());
        assertThat(events.runsFinished).singleElement().satisfies(r -> assertThat(r.error()).contains("had not completed"));
        try (java.util.stream.Stream<Path> left = Files.list(work.resolve("queue").resolve("journal"))) {
            assertThat(left).as("the journal, drained and deleted at exit").isEmpty();
        }
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

    private static AgentProcess withLibrary(AgentProcess process, String mode) throws Exception {
        if (mode.startsWith("reactor-netty")) {
            return LibraryVersions.onClassPath(process, "reactor-netty", newest("synclog.reactor-netty.versions"));
        }
        if (mode.startsWith("okhttp")) {
            return LibraryVersions.onClassPath(process, "okhttp", newest("synclog.okhttp.versions"));
        }
        if (mode.startsWith("async4")) {
            return LibraryVersions.onClassPath(process, "httpasyncclient4", newest("synclog.httpasyncclient4.versions"));
        }
        if (mode.startsWith("apache4")) {
            return LibraryVersions.onClassPath(process, "httpclient4", newest("synclog.httpclient4.versions"));
        }
        if (mode.startsWith("apache") || mode.startsWith("async5")) {
            return LibraryVersions.onClassPath(process, "httpclient5", newest("synclog.httpclient5.versions"));
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
