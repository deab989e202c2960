package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.synclog.agent.fuzz.Hostile;
import dev.synclog.agent.it.apps.HostileResponsesApp;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.RowResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loopback destination answering a few hundred generated hostile responses (damaged JSON, binary, other charsets,
 * bodies over the cap, deep nesting, lying Content-Length, broken chunking, mismatched result counts) to the real
 * agent in a forked JVM: the app sees byte for byte what it sees without the agent, nothing escapes the agent, and
 * every call is recorded once, with rows whose outcome the events explain. The seed is printed;
 * {@code -Dsynclog.fuzz.seed=N} replays it.
 */
class HostileResponsesIT {
    private static final long SEED = Long.getLong("synclog.fuzz.seed", 20261126L);
    private static final int CALLS = 150;
    private static final int CAP = 64 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path work;

    /** One generated response: its bytes on the wire, how it was made, and which rows the destination meant to accept. */
    record Scripted(byte[] wire, String how, boolean[] rowOk, boolean intact) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "urlconn"})
    void appSeesWhatItSeesWithoutTheAgentAndEveryCallIsExplained(String client) throws Exception {
        long seed = SEED ^ client.hashCode();
        System.out.println("HostileResponsesIT " + client + ": seed " + SEED + " (-Dsynclog.fuzz.seed)");
        List<Scripted> script = script(new Hostile(new Random(seed)));
        try (RawHttpServer server = new RawHttpServer(script.stream().map(Scripted::wire).toList())) {
            String[] args = {client, server.baseUrl(), Integer.toString(CALLS)};
            AgentProcess.Result with = AgentProcess.withConfig(config()).run(work, HostileResponsesApp.class, args);
            AgentProcess.Result without = AgentProcess.withoutAgent().run(work, HostileResponsesApp.class, args);
            without.assertOk();
            assertThat(with.exitCode()).as("exit code with the agent; stderr:\n" + with.stderr()).isZero();
            assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
            assertThat(with.agentLines()).as("the agent's lines on stderr").singleElement()
                    .satisfies(line -> assertThat(line).startsWith("synclog: agent "));

            RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
            Map<Integer, CallCompleted> callByK = events.calls.stream()
                    .collect(Collectors.toMap(c -> k(c.url()), Function.identity()));
            assertThat(events.calls).as("calls recorded").hasSize(CALLS);
            assertThat(callByK).as("one recorded call per request").hasSize(CALLS);
            Map<Long, List<RowResult>> rowsByCall = events.rows.stream().collect(Collectors.groupingBy(RowResult::callId));
            List<String> seen = with.stdout().lines().toList();
            for (int k = 0; k < CALLS; k++) {
                check(k, seen.get(k), script.get(k), callByK.get(k), rowsByCall.getOrDefault(callByK.get(k).callId(), List.of()));
            }
            assertThat(events.dropped).isEmpty();
        }
    }

    private static void check(int k, String appSaw, Scripted scripted, CallCompleted call, List<RowResult> rows) {
        String context = "call " + k + " (seed " + SEED + "; " + scripted.how() + "), app saw '" + appSaw + "', recorded " + call.httpStatus()
                + " error " + call.error() + ", rows " + rows.stream().map(RecordedEvents::line).toList();
        assertThat(rows).as(context).extracting(RowResult::rowId).containsExactly(k + "-0", k + "-1", k + "-2");
        assertThat(call.rowsSucceeded() + call.rowsFailed()).as(context).isEqualTo(3);
        assertThat(rows).as(context).allSatisfy(row -> {
            assertThat(row.status()).isIn("succeeded", "failed");
            if (row.status().equals("failed")) {
                assertThat(row.failureReason()).isNotBlank();
            }
        });
        if (appSaw.startsWith(k + " ERROR ")) {
            assertThat(call.error()).as(context + ": the app's exception is the call error").isNotBlank();
            assertThat(rows).as(context).allSatisfy(row -> assertThat(row.status()).isEqualTo("failed"));
        } else {
            assertThat(appSaw).as(context).startsWith(k + " " + call.httpStatus() + " ");
        }
        if (scripted.intact()) {
            assertThat(call.error()).as(context).isNull();
            for (int i = 0; i < 3; i++) {
                assertThat(rows.get(i).status()).as(context + " row " + i).isEqualTo(scripted.rowOk()[i] ? "succeeded" : "failed");
            }
        }
    }

    private static int k(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf('/') + 1));
    }

    private Path config() throws Exception {
        return Files.writeString(work.resolve("synclog.yaml"), "sync:\n  sync_id: hostile\n  destination: audiences\n"
                + "queue: {dir: \"" + work.resolve("queue") + "\"}\n"
                + "capture: {max_body_size: 64KiB}\n"
                + "endpoints:\n"
                + "  - name: members\n"
                + "    match: {host: 127.0.0.1, method: POST, path: \"/r/{k}\"}\n"
                + "    request: {rows: /members, row_id: /id, op: added}\n"
                + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n");
    }

    private static List<Scripted> script(Hostile hostile) {
        List<Scripted> script = new ArrayList<>();
        for (int k = 0; k < CALLS; k++) {
            script.add(scripted(hostile));
        }
        return script;
    }

    private static Scripted scripted(Hostile hostile) {
        Random random = hostile.random();
        boolean[] ok = {random.nextInt(4) > 0, random.nextInt(4) > 0, random.nextInt(4) > 0};
        ArrayNode results = NODES.arrayNode();
        for (boolean rowOk : ok) {
            results.add(rowOk ? NODES.objectNode().put("ok", true)
                    : NODES.objectNode().put("ok", false).set("error", NODES.objectNode().put("message", "rejected: " + hostile.unicode(12))));
        }
        JsonNode tree = NODES.objectNode().set("results", results);
        List<String> how = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            Hostile.Tree mutated = hostile.mutateTree(tree);
            tree = mutated.tree();
            how.add(mutated.mutation());
        }
        Hostile.Body body = new Hostile.Body(Hostile.bytes(tree), how);
        if (random.nextInt(3) == 0) {
            body = hostile.mutateBytes(body, CAP);
        }
        int status = random.nextInt(4) > 0 ? 200 : new int[] {207, 400, 429, 500, 503}[random.nextInt(5)];
        String framing = random.nextInt(2) == 0 ? "content-length"
                : new String[] {"close-delimited", "chunked", "content-length too long", "content-length too short",
                        "chunked, truncated", "chunked, bad size", "gzip claimed", "UTF-16 declared"}[random.nextInt(8)];
        List<String> all = new ArrayList<>(body.mutations());
        all.add("status " + status);
        all.add(framing);
        boolean intact = body.intact() && status == 200 && List.of("content-length", "close-delimited", "chunked", "UTF-16 declared").contains(framing);
        return new Scripted(wire(status, body.bytes(), framing, random), String.join(", ", all), ok, intact);
    }

    /** The response as bytes on the wire, framed (or misframed) as {@code framing} says. */
    private static byte[] wire(int status, byte[] body, String framing, Random random) {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Whatever\r\nConnection: close\r\n");
        byte[] payload = body;
        switch (framing) {
            case "content-length" -> head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            case "close-delimited" -> head.append("Content-Type: application/json\r\n");
            case "chunked", "chunked, truncated", "chunked, bad size" -> {
                head.append("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
                payload = chunked(body, framing, random);
            }
            case "content-length too long" -> head.append("Content-Length: ").append(body.length + 1 + random.nextInt(100)).append("\r\n");
            case "content-length too short" -> head.append("Content-Length: ").append(random.nextInt(body.length + 1)).append("\r\n");
            case "gzip claimed" -> head.append("Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ")
                    .append(body.length).append("\r\n");
            default -> {
                payload = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
                head.append("Content-Type: application/json; charset=UTF-16\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
        }
        return Hostile.concat((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1), payload);
    }

    private static byte[] chunked(byte[] body, String framing, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, 1 + random.nextInt(Math.max(1, body.length / 2)));
            String sizeLine = framing.equals("chunked, bad size") && at > 0 ? "zz" : Integer.toHexString(size);
            out.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, size);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += size;
        }
        if (!framing.equals("chunked, truncated")) {
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
