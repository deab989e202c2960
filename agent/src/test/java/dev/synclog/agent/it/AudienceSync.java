package dev.synclog.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;

/**
 * The scenario most forked-JVM tests share: a sync that posts members to an audience API on loopback, which
 * answers with one index-aligned {@code {"ok":true}} per row; the agent records them into a queue under the
 * test's work directory.
 */
final class AudienceSync implements AutoCloseable {
    static final String PATH = "/v1/audiences/news/members:add";
    /** Two rows per call; {@code {n}} is the call's number (see {@link SendApp}), so every row id is distinct. */
    static final String TWO_MEMBERS = "{\"members\":[{\"id\":\"m{n}-a\",\"email\":\"a{n}@x.io\"},{\"id\":\"m{n}-b\",\"email\":\"b{n}@x.io\"}]}";

    private static final Map<String, String> STDOUT_WITHOUT_AGENT = new ConcurrentHashMap<>();

    final LoopbackDestination destination;
    private final Path work;

    AudienceSync(Path work) throws IOException {
        this.work = work;
        this.destination = new LoopbackDestination().on(PATH, (request, attempt) -> Response.json(200, allOk(request)));
    }

    /** One success per request row; rows are counted by their {@code "id"} keys, which is all these bodies hold. */
    private static String allOk(byte[] request) {
        String body = new String(request, StandardCharsets.UTF_8);
        List<String> results = new ArrayList<>();
        for (int at = body.indexOf("\"id\":"); at >= 0; at = body.indexOf("\"id\":", at + 1)) {
            results.add("{\"ok\":true}");
        }
        return "{\"results\":[" + String.join(",", results) + "]}";
    }

    /** The ids {@link #TWO_MEMBERS} gives to {@code calls} calls, in call order. */
    static List<String> rowIdsOf(int calls) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < calls; n++) {
            ids.add("m" + n + "-a");
            ids.add("m" + n + "-b");
        }
        return ids;
    }

    Path queueDir() {
        return work.resolve("queue");
    }

    Path configFile() {
        return work.resolve("synclog.yaml");
    }

    /**
     * Writes the config and returns its path.
     *
     * @param queueOptions more entries of the {@code queue} flow mapping, e.g. {@code min_free_disk: 1GiB}, or ""
     * @param topLevelYaml more top-level YAML, e.g. {@code privacy: {exclude: [secret]}}, or ""
     */
    Path writeConfig(String queueOptions, String topLevelYaml) throws IOException {
        String yaml = "sync:\n  sync_id: audience-sync\n  destination: audiences\n"
                + "queue: {dir: \"" + queueDir() + "\"" + (queueOptions.isEmpty() ? "" : ", " + queueOptions) + "}\n"
                + "endpoints:\n"
                + "  - name: audience-add\n    object: members\n"
                + "    match: {host: 127.0.0.1, method: POST, path: \"/v1/audiences/{audience}/members:add\"}\n"
                + "    request: {rows: /members, row_id: /id, op: added}\n"
                + "    response: {outcome: index_aligned, items: /results, success: /ok, reason: /error/message}\n"
                + topLevelYaml;
        return Files.writeString(configFile(), yaml);
    }

    Path writeBody(String body) throws IOException {
        return Files.writeString(work.resolve("body.json"), body);
    }

    /** The app posts {@code body} to the audience API {@code calls} times on {@code threads} threads. */
    AgentProcess.Result send(AgentProcess process, String client, Path body, int calls, int threads)
            throws IOException, InterruptedException {
        return process.run(work, SendApp.class, sendArgs(client, body, calls, threads));
    }

    /**
     * What the app prints without the agent, for comparing with a run that has it. The output does not depend
     * on the port, so one run per kind of send serves every test in this JVM.
     */
    String stdoutWithoutAgent(String client, Path body, int calls, int threads) throws IOException, InterruptedException {
        String key = client + " " + calls + " " + threads + " " + Files.readString(body);
        String stdout = STDOUT_WITHOUT_AGENT.get(key);
        if (stdout == null) {
            stdout = send(AgentProcess.withoutAgent(), client, body, calls, threads).assertOk().stdout();
            STDOUT_WITHOUT_AGENT.put(key, stdout);
        }
        return stdout;
    }

    /** {@link SendApp}'s arguments, for apps that pass them on to it. */
    String[] sendArgs(String client, Path body, int calls, int threads) {
        return new String[] {client, "POST", destination.url(PATH), "application/json", "-", body.toString(),
                Integer.toString(calls), Integer.toString(threads)};
    }

    RecordedEvents recorded() throws IOException {
        return RecordedEvents.read(queueDir());
    }

    @Override
    public void close() {
        destination.close();
    }
}
