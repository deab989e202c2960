package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.synclog.agent.it.apps.OkHttpSendApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OkHttp at the oldest and newest supported versions (each on the app's class path): synchronous and
 * asynchronous calls, plain and gzip'd by the app's interceptor, each recorded once with its exact rows, the
 * app reading the same bodies as without the agent. A version the instrumentation does not fit is left alone.
 */
class OkHttpIT extends ClientLibraryFixture {
    private static final String[] MODES = {"sync", "async", "sync-gzip", "async-gzip"};

    OkHttpIT() {
        super("okhttp", versions(), OkHttpSendApp.class, "okhttp", MODES);
    }

    static List<String> versions() {
        return LibraryVersions.of("synclog.okhttp.versions");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyCallIsRecordedOnceAndTheAppReadsItsBodies(String version) throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version);

        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(MODES.length).allMatch(l -> l.contains(" RESPONSE 200 "));
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyInAnyOrder(
                "0a added succeeded null {\"id\":\"0a\"} #1", "0b added failed invalid email {\"id\":\"0b\"} #1",
                "1a added succeeded null {\"id\":\"1a\"} #1", "1b added failed invalid email {\"id\":\"1b\"} #1",
                "2a added succeeded null {\"id\":\"2a\"} #1", "2b added failed invalid email {\"id\":\"2b\"} #1",
                "3a added succeeded null {\"id\":\"3a\"} #1", "3b added failed invalid email {\"id\":\"3b\"} #1");
        assertThat(events.calls).hasSize(MODES.length).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.endpoint()).isEqualTo("members");
        });
    }

    @Test
    void aVersionItDoesNotFitIsLeftAloneWithOneLine() throws Exception {
        String version = System.getProperty("synclog.okhttp.unfit.version");
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version);

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(MODES.length).allMatch(l -> l.contains(" RESPONSE 200 "));
        assertThat(with.agentLines()).filteredOn(l -> !l.startsWith("synclog: agent ")).containsExactly(
                "synclog: okhttp instrumentation disabled for okhttp-" + version
                        + ": okhttp3.RequestBody.isOneShot(), okhttp3.RequestBody.isDuplex() missing; calls through it are not"
                        + " recorded. Fix: use OkHttp 4.x or 5.x, or set capture.instrumentation.okhttp: false to silence"
                        + " this line");
        assertThat(with.agentLines()).hasSize(2);
        assertThat(recorded().calls).isEmpty();
    }

    @Test
    void aRefusedConnectionFailsEveryRowEvenBeforeTheBodyWasWritten() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackDestination.closedPort() + PATH;
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, "sync", "async-gzip");

        assertThat(with.stdout().lines()).containsExactly("sync ERROR java.net.ConnectException", "async-gzip ERROR java.net.ConnectException");
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " " + r.failureReason().startsWith("java.net.ConnectException"))
                .containsExactlyInAnyOrder("0a failed true", "0b failed true", "1a failed true", "1b failed true");
        assertThat(events.calls).hasSize(2).allSatisfy(c -> assertThat(c.httpStatus()).isZero());
    }
}
