package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.synclog.agent.it.apps.ReactorNettySendApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients on Netty's HTTP/1.1 codec: Reactor Netty's {@code HttpClient} 1.2 (Netty 4.1) and 1.3 (Netty 4.2), with a
 * body sent whole, one sent in chunks and a gzip'd one. Each call is recorded once with its exact rows; the app gets
 * exactly what it gets without the agent.
 */
class NettyClientsIT extends ClientLibraryFixture {
    private static final String[] CALLS = {"bytes", "chunked", "gzip"};

    NettyClientsIT() {
        super("reactor-netty", versions(), ReactorNettySendApp.class, "netty", CALLS);
    }

    static List<String> versions() {
        return LibraryVersions.of("synclog.reactor-netty.versions");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void everyBodyIsRecordedOnceAndTheAppSeesTheSameResults(String version) throws Exception {
        assertEachDefaultCallRecordedOnce(version);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void sequentialCallsOnOneKeptAliveConnectionAreTwoCalls(String version) throws Exception {
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), version, destination.url(PATH),
                "bytes", "chunked", "connections");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), version, destination.url(PATH),
                "bytes", "chunked", "connections");

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).last().isEqualTo("connections 1");
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(rowsOf(2));
        assertThat(events.calls).hasSize(2).allSatisfy(c -> assertThat(c.httpStatus()).isEqualTo(200));
    }

    @ParameterizedTest
    @MethodSource("versions")
    void aServerClosingMidResponseFailsEveryRow(String version) throws Exception {
        byte[] cut = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (RESULTS.length() + 10)
                + "\r\n\r\n" + RESULTS).getBytes(StandardCharsets.UTF_8);
        try (RawHttpServer server = new RawHttpServer(List.of(cut))) {
            Path config = config();
            Files.writeString(config, Files.readString(config).replace(PATH, "/r/0"));
            AgentProcess.Result with = run(AgentProcess.withConfig(config), version, server.baseUrl() + "0", "bytes");
            AgentProcess.Result without = run(AgentProcess.withoutAgent(), version, server.baseUrl() + "0", "bytes");

            assertThat(with.stdout()).isEqualTo(without.stdout()).startsWith("bytes ERROR ");
        }
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status()).containsExactly("0a failed", "0b failed");
        assertThat(events.rows).allSatisfy(r -> assertThat(r.failureReason()).contains("PrematureChannelClosureException"));
        assertThat(events.calls).singleElement().satisfies(c -> assertThat(c.error()).contains("closed"));
    }

    @Test
    void aRefusedConnectionIsNotRecorded() throws Exception {
        String url = "http://127.0.0.1:" + LoopbackDestination.closedPort() + PATH;
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), newest(), url, "bytes");

        assertThat(with.stdout()).startsWith("bytes ERROR ");
        // Nothing reached the codec: the call is not seen (see docs/agent.md).
        assertThat(recorded().calls).isEmpty();
    }
}
