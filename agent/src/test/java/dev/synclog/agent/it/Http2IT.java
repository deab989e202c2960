package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.Http2SendApp;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each client as it comes, against a destination that speaks HTTP/2 over TLS (h2 in ALPN, as most SaaS APIs offer):
 * the JDK's {@code HttpClient.newHttpClient()} ({@code send} and {@code sendAsync}), OkHttp, Apache HttpClient 5's
 * HTTP/2 async client and Reactor Netty with {@code protocol(H2)} (Netty 4.1 and 4.2) at their oldest and newest
 * supported versions. Every line the app prints names the protocol
 * its client reports, so a test fails if h2 was not negotiated. The rows are those the HTTP/1.1 tests of each client
 * see: each stream is one call with its own rows, also when many streams share the connection at once.
 */
class Http2IT {
    private static final String PATH = ClientLibraryFixture.PATH;
    /** The protocol each client reports for an HTTP/2 exchange. */
    private static final Map<String, String> H2 = Map.of("jdk", "HTTP_2", "jdk-async", "HTTP_2", "okhttp", "h2",
            "apache-h2", "HTTP/2.0", "reactor-netty-h2", "HTTP/2.0");
    /** Each library's folder in the app libraries ({@link LibraryVersions#onClassPath}). */
    private static final Map<String, String> LIBRARIES = Map.of("okhttp", "okhttp", "apache-h2", "httpclient5",
            "reactor-netty-h2", "reactor-netty");
    private static final Pattern CALL_NUMBER = Pattern.compile("\"id\":\"(\\d+)a\"");

    @TempDir
    Path work;
    LoopbackDestination destination;

    @BeforeEach
    void start() throws Exception {
        destination = LoopbackDestination.h2(work);
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    /** {@code client} or {@code client@version} for a library's oldest and newest supported versions. */
    static Stream<String> clients() {
        List<String> clients = new ArrayList<>(List.of("jdk", "jdk-async"));
        LibraryVersions.of("synclog.okhttp.versions").forEach(v -> clients.add("okhttp@" + v));
        LibraryVersions.of("synclog.httpclient5.versions").forEach(v -> clients.add("apache-h2@" + v));
        LibraryVersions.of("synclog.reactor-netty.versions").forEach(v -> clients.add("reactor-netty-h2@" + v));
        return clients.stream();
    }

    /** Each client at its newest version. */
    static Stream<String> newestClients() {
        Map<String, String> newest = clients().collect(Collectors.toMap(c -> c.split("@")[0], c -> c, (older, newer) -> newer));
        return Stream.of("jdk", "jdk-async", "okhttp", "apache-h2", "reactor-netty-h2").map(newest::get);
    }

    /**
     * 24 calls on 8 threads through one client, so that streams interleave on its connection; the destination names
     * the call in its reason for the second row, so a response read against another call's request would show.
     */
    @ParameterizedTest
    @MethodSource("clients")
    void everyStreamIsOneCallWithItsOwnRowsWhileStreamsShareTheConnection(String client) throws Exception {
        destination.on(PATH, (request, attempt) -> Response.json(200, resultsFor(callNumber(request))));
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), client, 24, 8);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), client, 24, 8);

        RecordedEvents events = assertEachCallReadAndRecorded(with, without, 24, h2(client));
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        assertThat(events.rows.stream().collect(Collectors.groupingBy(RowResult::callId,
                Collectors.mapping(r -> r.rowId().substring(0, r.rowId().length() - 1), Collectors.toSet()))))
                .as("the rows of each call are those of one request").hasSize(24).allSatisfy((call, numbers) -> assertThat(numbers).hasSize(1));
        assertThat(events.calls).hasSize(24).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.endpoint()).isEqualTo("members");
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
        assertThat(destination.hits(PATH)).isEqualTo(48);
    }

    /**
     * Six calls in turn on one connection, the destination answering by the call's number: two gzip'd responses, two
     * errors (400), and two streams reset mid-body (the headers and half the body sent). The gzip'd ones are read
     * decoded; an error fails every row with its message; a reset fails every row with the client's error.
     */
    @ParameterizedTest
    @MethodSource("newestClients")
    void gzipdResponsesErrorsAndResetStreams(String client) throws Exception {
        destination.on(PATH, (request, attempt) -> switch (callNumber(request) / 2) {
            case 0 -> new Response(200, "application/json", gzip(ClientLibraryFixture.RESULTS)).withHeader("Content-Encoding", "gzip");
            case 1 -> Response.json(400, "{\"error\":{\"message\":\"audience 42 is archived\"}}");
            default -> Response.json(200, ClientLibraryFixture.RESULTS).cutOffMidBody();
        });
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), client, 6, 1);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), client, 6, 1);

        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        List<String> lines = with.stdout().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.subList(0, 2)).allMatch(l -> l.contains(" RESPONSE 200 " + h2(client) + " "));
        assertThat(lines.subList(2, 4)).allMatch(l -> l.contains(" RESPONSE 400 " + h2(client) + " "));
        assertThat(lines.subList(4, 6)).allMatch(l -> l.matches("\\d ERROR [\\w.$]+"));
        RecordedEvents events = recorded();
        List<String> expected = new ArrayList<>(ClientLibraryFixture.rowsOf(2));
        for (String id : List.of("2a", "2b", "3a", "3b")) {
            expected.add(id + " added failed HTTP 400: audience 42 is archived {\"id\":\"" + id + "\"} #1");
        }
        assertThat(events.rows.stream().filter(r -> r.rowId().compareTo("4") < 0)).extracting(RecordedEvents::line)
                .containsExactlyInAnyOrderElementsOf(expected);
        List<RowResult> reset = events.rows.stream().filter(r -> r.rowId().compareTo("4") >= 0).toList();
        assertThat(reset).extracting(r -> r.rowId() + " " + r.status()).containsExactlyInAnyOrder("4a failed", "4b failed", "5a failed", "5b failed");
        assertThat(reset).allSatisfy(r -> assertThat(r.failureReason()).isNotBlank());
        assertThat(events.calls).extracting(c -> c.httpStatus()).hasSize(6).startsWith(200, 200, 400, 400);
        String error = lines.get(4).substring("4 ERROR ".length());
        assertThat(events.calls.subList(4, 6)).allSatisfy(c -> assertThat(c.error()).as("the call's error, the app got " + error).isNotBlank());
    }

    /**
     * HTTP/2 in cleartext (h2c): the JDK's client and Reactor Netty's ask to upgrade their first request on a
     * connection (sent as HTTP/1.1, answered on stream 1 in HTTP/2), OkHttp and Apache's start with the connection
     * preface (prior knowledge). Six calls on two threads, so the upgraded call and the streams after it are both seen.
     */
    @ParameterizedTest
    @MethodSource("cleartextClients")
    void cleartextHttp2ByUpgradeOrPriorKnowledge(String client) throws Exception {
        destination.close();
        destination = LoopbackDestination.h2c();
        destination.on(PATH, (request, attempt) -> Response.json(200, resultsFor(callNumber(request))));
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), client, 6, 2);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), client, 6, 2);

        // OkHttp names cleartext HTTP/2 by how it was set up.
        String protocol = client.startsWith("okhttp") ? "h2_prior_knowledge" : h2(client);
        RecordedEvents events = assertEachCallReadAndRecorded(with, without, 6, protocol);
        assertThat(events.calls).hasSize(6).allSatisfy(c -> {
            assertThat(c.httpStatus()).isEqualTo(200);
            assertThat(c.url()).isEqualTo(destination.url(PATH));
        });
        assertThat(destination.hits(PATH)).isEqualTo(12);
    }

    /**
     * The upgraded call (a connection's first, answered on stream 1 after the 101) cut off: its stream reset before
     * any response frame, or after the head and half the body. Its rows fail, cut off, instead of the call waiting for
     * an answer that never comes; the next call on the connection (stream 3) is read as usual.
     */
    @ParameterizedTest
    @MethodSource("upgradedCallCuts")
    void upgradedCallCutOffOnStreamOne(String client, LoopbackDestination.Cut cut) throws Exception {
        destination.close();
        destination = LoopbackDestination.h2c();
        destination.on(PATH, (request, attempt) -> {
            Response answer = Response.json(200, resultsFor(callNumber(request)));
            return callNumber(request) > 0 ? answer : cut == LoopbackDestination.Cut.MID_BODY ? answer.cutOffMidBody() : answer.cutOffBeforeHead();
        });
        AgentProcess.Result with = run(AgentProcess.withConfig(config()), client, 2, 1);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), client, 2, 1);

        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        List<String> lines = with.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("0 ERROR [\\w.$]+");
        assertThat(lines.get(1)).isEqualTo("1 RESPONSE 200 " + h2(client) + " " + base64(resultsFor(1)));
        RecordedEvents events = recorded();
        assertThat(events.rows).extracting(r -> r.rowId() + " " + r.status() + " #" + r.attempt())
                .containsExactlyInAnyOrder("0a failed #1", "0b failed #1", "1a succeeded #1", "1b failed #1");
        assertThat(events.rows.stream().filter(r -> r.rowId().startsWith("0")))
                .allSatisfy(r -> assertThat(r.failureReason()).contains("closed before the response ended"));
        assertThat(events.calls).hasSize(2);
        assertThat(events.calls.get(0).error()).as("the cut-off call's error, the app got " + lines.get(0)).isNotBlank();
        assertThat(events.calls.get(1).httpStatus()).isEqualTo(200);
    }

    /** Reactor Netty at its newest and oldest versions (Netty 4.2 and 4.1), each cut before the head and mid-body. */
    static Stream<Arguments> upgradedCallCuts() {
        return clients().filter(c -> c.startsWith("reactor-netty-h2@"))
                .flatMap(c -> Stream.of(Arguments.of(c, LoopbackDestination.Cut.BEFORE_HEAD), Arguments.of(c, LoopbackDestination.Cut.MID_BODY)));
    }

    /**
     * Each client at its newest version but jdk-async (the JDK's upgrade is the same client's), and Reactor Netty's
     * oldest too: its upgrade runs through Netty 4.1 there, 4.2 in the newest.
     */
    static Stream<String> cleartextClients() {
        String oldestReactorNetty = clients().filter(c -> c.startsWith("reactor-netty-h2@")).findFirst().orElseThrow();
        return Stream.concat(newestClients().filter(c -> !c.equals("jdk-async")), Stream.of(oldestReactorNetty));
    }

    /**
     * The app read the same with and without the agent, each call's answer with {@code protocol}; each call's two rows
     * were recorded with that call's outcomes, once. The recorded events, for more checks.
     */
    private RecordedEvents assertEachCallReadAndRecorded(AgentProcess.Result with, AgentProcess.Result without, int calls,
                                                         String protocol) throws Exception {
        assertThat(with.stdout()).as("what the app read, with and without the agent").isEqualTo(without.stdout());
        List<String> lines = with.stdout().lines().toList();
        assertThat(lines).hasSize(calls);
        for (int n = 0; n < calls; n++) {
            assertThat(lines.get(n)).isEqualTo(n + " RESPONSE 200 " + protocol + " " + base64(resultsFor(n)));
        }
        RecordedEvents events = recorded();
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < calls; n++) {
            expected.add(n + "a added succeeded null {\"id\":\"" + n + "a\"} #1");
            expected.add(n + "b added failed invalid email of call " + n + " {\"id\":\"" + n + "b\"} #1");
        }
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactlyInAnyOrderElementsOf(expected);
        return events;
    }

    private AgentProcess.Result run(AgentProcess process, String client, int calls, int threads) throws Exception {
        String[] nameAndVersion = client.split("@");
        if (nameAndVersion.length == 2) {
            LibraryVersions.onClassPath(process, LIBRARIES.get(nameAndVersion[0]), nameAndVersion[1]);
        }
        LoopbackDestination.trustOptions(work).forEach(process::jvmOption);
        Path body = Files.writeString(work.resolve("body.json"), "{\"members\":[{\"id\":\"{n}a\"},{\"id\":\"{n}b\"}]}");
        return process.run(work, Http2SendApp.class, nameAndVersion[0], destination.url(PATH), body.toString(),
                Integer.toString(calls), Integer.toString(threads)).assertOk();
    }

    private Path config() throws Exception {
        return ClientLibraryFixture.config(work, "");
    }

    private RecordedEvents recorded() throws Exception {
        return RecordedEvents.read(work.resolve("queue"));
    }

    private static String h2(String client) {
        return H2.get(client.split("@")[0]);
    }

    private static int callNumber(byte[] request) {
        Matcher m = CALL_NUMBER.matcher(new String(request, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new IllegalArgumentException("no call number in " + new String(request, StandardCharsets.UTF_8));
        }
        return Integer.parseInt(m.group(1));
    }

    private static String resultsFor(int call) {
        return "{\"results\":[{\"ok\":true},{\"ok\":false,\"error\":{\"message\":\"invalid email of call " + call + "\"}}]}";
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
