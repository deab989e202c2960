package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.synclog.agent.it.apps.AsyncHttpClientSendApp;
import dev.synclog.agent.it.apps.NettyCodecSendApp;
import dev.synclog.agent.it.apps.ReactorNettyRunsApp;
import dev.synclog.agent.it.apps.ReactorNettySendApp;
import dev.synclog.agent.it.apps.VertxWebClientSendApp;
import dev.synclog.agent.it.apps.WebClientSendApp;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients on Netty's HTTP/1.1 codec: Reactor Netty's {@code HttpClient} 1.2 (Netty 4.1) and 1.3 (Netty 4.2), with a
 * body sent whole, one sent in chunks and a gzip'd one, and Spring's {@code WebClient} on it. (The AWS SDK's async SQS
 * client on Netty is in {@code AwsSdkIT}.) Each call is recorded once with its exact rows; the app gets
 * exactly what it gets without the agent; Vert.x's web client and AsyncHttpClient likewise. A plain Netty client ({@code Bootstrap} and {@code HttpClientCodec}) is
 * recorded on a Netty that fits, and refused in one line on the newest one that does not.
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

    /**
     * Clients with their own pools and pipelines on Netty's HTTP/1.1 codec: Spring's WebClient (on Reactor Netty),
     * AsyncHttpClient, Vert.x's web client. Two calls each, on one kept-alive connection.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spring-webclient", "async-http-client", "vertx"})
    void eachClientOnTheCodecIsRecordedOnce(String client) throws Exception {
        Class<?> app = switch (client) {
            case "spring-webclient" -> WebClientSendApp.class;
            case "async-http-client" -> AsyncHttpClientSendApp.class;
            default -> VertxWebClientSendApp.class;
        };
        String second = client.equals("vertx") ? "json" : "string";
        String protocol = client.equals("vertx") ? "HTTP_1_1 " : ""; // Vert.x's app prints the version it got
        String[] args = sendArgs(work, destination.url(PATH), "bytes", second);
        AgentProcess.Result with = withLibraries(AgentProcess.withConfig(config()), client).run(work, app, args).assertOk();
        AgentProcess.Result without = withLibraries(AgentProcess.withoutAgent(), client).run(work, app, args).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("bytes RESPONSE 200 " + protocol + base64(RESULTS),
                second + " RESPONSE 200 " + protocol + base64(RESULTS));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyElementsOf(rowsOf(2));
        assertThat(events.calls).hasSize(2).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
    }

    /**
     * The client's jars: Spring's WebClient and AsyncHttpClient 3 with the oldest Reactor Netty's folder (the Netty
     * 4.1 line they are built on), Vert.x 5 with the newest's (Netty 4.2).
     */
    private static AgentProcess withLibraries(AgentProcess process, String client) throws Exception {
        return switch (client) {
            case "spring-webclient" -> LibraryVersions.onClassPath(LibraryVersions.onClassPath(process, "reactor-netty",
                    versions().get(0)), "spring-webflux", System.getProperty("synclog.spring-webflux.version"));
            case "async-http-client" -> LibraryVersions.onClassPath(LibraryVersions.onClassPath(process, "reactor-netty",
                    versions().get(0)), "async-http-client", System.getProperty("synclog.async-http-client.version"));
            default -> LibraryVersions.onClassPath(LibraryVersions.onClassPath(process, "reactor-netty",
                    versions().get(versions().size() - 1)), "vertx", System.getProperty("synclog.vertx.version"));
        };
    }

    /**
     * Vert.x over HTTP/2 runs its own HTTP/2 handler, not Netty's stream channels, so those calls are not captured
     * (agent.md, "Not captured"), and the app runs as without the agent. Asked by upgrade, the connection's first call
     * goes out on the HTTP/1.1 codec and is answered 101: its answer is then read by nothing the agent hooks, so its
     * rows fail as unknown at once (not as in flight at exit, not as succeeded).
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2c-upgrade", "h2c-prior-knowledge"})
    void vertxOverHttp2IsNotCapturedAndItsUpgradedCallIsUnknown(String protocol) throws Exception {
        destination.close();
        destination = LoopbackDestination.h2c();
        destination.on(PATH, (request, attempt) -> LoopbackDestination.Response.json(200, RESULTS));
        String[] args = sendArgs(work, destination.url(PATH), "bytes", "json", "bytes");
        AgentProcess.Result with = withLibraries(AgentProcess.withConfig(config()), "vertx").jvmOption("-Dvertx.protocol=" + protocol)
                .run(work, VertxWebClientSendApp.class, args).assertOk();
        AgentProcess.Result without = withLibraries(AgentProcess.withoutAgent(), "vertx").jvmOption("-Dvertx.protocol=" + protocol)
                .run(work, VertxWebClientSendApp.class, args).assertOk();

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(3).allSatisfy(l -> assertThat(l).contains(" RESPONSE 200 HTTP_2 " + base64(RESULTS)));
        RecordedEvents events = recorded();
        if (protocol.equals("h2c-prior-knowledge")) {
            assertThat(events.calls).isEmpty();
            assertThat(events.rows).isEmpty();
            return;
        }
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status()).containsExactly("0a failed", "0b failed");
        assertThat(events.rows).allSatisfy(r -> assertThat(r.failureReason())
                .contains("upgraded to HTTP/2 (h2c) on handlers synclog does not read").contains("is unknown"));
        assertThat(events.calls).singleElement().satisfies(c -> assertThat(c.error()).contains("does not read"));
    }



    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The event loop's thread predates every run: each call goes to the run active when it starts (agent.md, "Runs"). */
    @Test
    void eachSequentialRunOwnsTheCallsItsEventLoopMade() throws Exception {
        destination.on("/batch", (req, n) -> LoopbackDestination.Response.json(200, "{}"));
        destination.on("/warm-up", (req, n) -> LoopbackDestination.Response.json(200, "{}"));
        Path config = Files.writeString(work.resolve("runs.yaml"), """
                sync: {sync_id: contacts, destination: crm}
                runs: {method: dev.synclog.agent.it.apps.ReactorNettyRunsApp$ContactSync#runOnce}
                queue: {dir: %s}
                endpoints:
                  - name: batch
                    match: {host: 127.0.0.1, method: POST, path: /batch}
                    request: {rows: /rows, row_id: /id, op: upsert}
                    response: {outcome: http_status}
                """.formatted(work.resolve("queue")));
        AgentProcess.Result with = LibraryVersions.onClassPath(AgentProcess.withConfig(config), "reactor-netty", newest())
                .run(work, ReactorNettyRunsApp.class, destination.url("")).assertOk();

        assertThat(with.stdout().lines()).containsExactly("warm-up 200", "first 200", "second 200", "third 200");
        RecordedEvents events = recorded();
        assertThat(events.runsStarted).hasSize(3);
        Map<String, List<String>> rowsByRun = events.rows.stream().collect(
                Collectors.groupingBy(RowResult::runId, Collectors.mapping(RowResult::rowId, Collectors.toList())));
        assertThat(events.runsStarted).extracting(r -> rowsByRun.get(r.runId()))
                .containsExactly(List.of("first"), List.of("second"), List.of("third"));
    }

    @Test
    void aPlainNettyClientIsRecorded() throws Exception {
        AgentProcess.Result with = plainNetty(AgentProcess.withConfig(config()), "reactor-netty", versions().get(0));

        assertThat(with.stdout().lines()).containsExactly("bytes RESPONSE 200 " + base64(RESULTS), "bytes RESPONSE 200 " + base64(RESULTS));
        assertThat(recorded().rows).extracting(RecordedEvents::line).containsExactlyElementsOf(rowsOf(2));
    }

    /**
     * Up to Netty 4.1.79, {@code HttpObjectEncoder} inherits {@code write}: nothing there could be hooked, so the agent
     * says so in one line instead of recording nothing silently, and the app's calls go on as without it.
     */
    @Test
    void aNettyWhoseEncoderInheritsWriteIsRefusedInOneLineAndTheAppRunsAsItWould() throws Exception {
        String version = System.getProperty("synclog.netty.unfit.version");
        AgentProcess.Result with = plainNetty(AgentProcess.withConfig(config()), "netty", version);
        AgentProcess.Result without = plainNetty(AgentProcess.withoutAgent(), "netty", version);

        assertThat(with.stdout()).isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("bytes RESPONSE 200 " + base64(RESULTS), "bytes RESPONSE 200 " + base64(RESULTS));
        assertThat(with.agentLines()).filteredOn(l -> !l.startsWith("synclog: agent ")).containsExactly(
                "synclog: netty instrumentation disabled for netty-codec-http-" + version
                        + ": io.netty.handler.codec.http.HttpObjectEncoder.write(io.netty.channel.ChannelHandlerContext,"
                        + " java.lang.Object, io.netty.channel.ChannelPromise) declared there (an inherited one is not"
                        + " hooked) missing; calls through it are not recorded. Fix: use Netty 4.1.80 or newer, or set"
                        + " capture.instrumentation.netty: false to silence this line");
        assertThat(with.agentLines()).hasSize(2);
        assertThat(recorded().calls).isEmpty();

        AgentProcess.Result switchedOff = plainNetty(AgentProcess.withConfig(config("capture: {instrumentation: {netty: false}}\n")),
                "netty", version);
        assertThat(switchedOff.stdout()).isEqualTo(without.stdout());
        assertThat(switchedOff.agentLines()).as("the line the fix says silences").singleElement()
                .satisfies(l -> assertThat(l).startsWith("synclog: agent "));
    }

    /** Two calls of {@link NettyCodecSendApp} to the members endpoint, on the jars of {@code library} at {@code version}. */
    private AgentProcess.Result plainNetty(AgentProcess process, String library, String version) throws Exception {
        return LibraryVersions.onClassPath(process, library, version)
                .run(work, NettyCodecSendApp.class, sendArgs(work, destination.url(PATH), "bytes", "bytes")).assertOk();
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
