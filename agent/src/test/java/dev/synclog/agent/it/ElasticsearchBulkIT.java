package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.SendApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md's Elasticsearch / OpenSearch bulk example, through the real agent in a forked JVM: the JDK's
 * HTTP client posts one gzip'd {@code _bulk} body three times to a loopback server answering as Elasticsearch does,
 * 200 with per-item results (some failed), then 429 and 413 for the call as a whole.
 */
class ElasticsearchBulkIT {
    private static final String BULK = ""
            + "{\"index\":{\"_index\":\"users\",\"_id\":\"42\"}}\n"
            + "{\"email\":\"a@x\",\"plan\":\"pro\"}\n"
            + "{\"delete\":{\"_index\":\"users\",\"_id\":\"7\"}}\n"
            + "{\"update\":{\"_index\":\"users\",\"_id\":\"9\"}}\n"
            + "{\"doc\":{\"plan\":\"free\"},\"doc_as_upsert\":true}\n"
            + "{\"create\":{\"_index\":\"users\",\"_id\":\"11\"}}\n"
            + "{\"email\":\"c@x\"}\n"
            + "{\"index\":{\"_index\":\"users\"}}\n"
            + "{\"email\":\"new@x\"}\n";

    private static final String ITEMS = "{\"took\":3,\"errors\":true,\"items\":[\n"
            + " {\"index\":{\"_index\":\"users\",\"_id\":\"42\",\"status\":200,\"result\":\"updated\"}},\n"
            + " {\"delete\":{\"_index\":\"users\",\"_id\":\"7\",\"status\":404,\"result\":\"not_found\"}},\n"
            + " {\"update\":{\"_index\":\"users\",\"_id\":\"9\",\"status\":400,\"error\":{\"type\":\"document_parsing_exception\","
            + "\"reason\":\"failed to parse field [plan]\"}}},\n"
            + " {\"create\":{\"_index\":\"users\",\"_id\":\"11\",\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\","
            + "\"reason\":\"[11]: version conflict, document already exists\"}}},\n"
            + " {\"index\":{\"_index\":\"users\",\"_id\":\"kd9aJ5MB\",\"status\":201,\"result\":\"created\"}}]}";

    private static final String REJECTED = "{\"error\":{\"root_cause\":[],\"type\":\"es_rejected_execution_exception\","
            + "\"reason\":\"rejected execution of coordinating operation\"},\"status\":429}";

    @TempDir
    Path work;
    LoopbackDestination destination;

    @BeforeEach
    void start() throws Exception {
        destination = new LoopbackDestination();
        // Calls 1, 2, 3 of each app run (the run without the agent goes on counting): items, 429, 413.
        destination.on("/_bulk", (request, n) -> switch ((n - 1) % 3) {
            case 0 -> Response.json(200, ITEMS);
            case 1 -> Response.json(429, REJECTED);
            default -> new Response(413, "text/plain", new byte[0]);
        });
    }

    @AfterEach
    void stop() {
        destination.close();
    }

    @Test
    void eachActionIsARowWithItsItemsOutcomeAndACallRefusedWholeFailsThemAll() throws Exception {
        Path body = work.resolve("bulk.ndjson.gz");
        Files.write(body, gzip(BULK));
        AgentProcess.Result with = send(WorkedExamples.withConfig(work, "elasticsearch-bulk.yaml", "search.example.com", ""), body);
        AgentProcess.Result without = send(AgentProcess.withoutAgent(), body);

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        String rejected = "HTTP 429: rejected execution of coordinating operation";
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "42 upsert succeeded null {\"email\":\"a@x\",\"plan\":\"pro\"} #1",
                "7 removed succeeded null {} #1",
                "9 changed failed failed to parse field [plan] {\"doc\":{\"plan\":\"free\"},\"doc_as_upsert\":true} #1",
                "11 added failed [11]: version conflict, document already exists {\"email\":\"c@x\"} #1",
                "42 upsert failed " + rejected + " {\"email\":\"a@x\",\"plan\":\"pro\"} #2",
                "7 removed failed " + rejected + " {} #2",
                "9 changed failed " + rejected + " {\"doc\":{\"plan\":\"free\"},\"doc_as_upsert\":true} #2",
                "11 added failed " + rejected + " {\"email\":\"c@x\"} #2",
                "42 upsert failed HTTP 413: (empty body) {\"email\":\"a@x\",\"plan\":\"pro\"} #3",
                "7 removed failed HTTP 413: (empty body) {} #3",
                "9 changed failed HTTP 413: (empty body) {\"doc\":{\"plan\":\"free\"},\"doc_as_upsert\":true} #3",
                "11 added failed HTTP 413: (empty body) {\"email\":\"c@x\"} #3");
        String withoutId = "1 of 5 request rows have no id at '/meta/_id' (first: row 4) and were not recorded";
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.rowsSucceeded() + "/"
                + c.rowsFailed() + " " + c.error()).containsExactly(
                "users-bulk 200 2/2 " + withoutId,
                "users-bulk 429 0/4 " + rejected + "; " + withoutId,
                "users-bulk 413 0/4 HTTP 413: (empty body); " + withoutId);
    }

    private AgentProcess.Result send(AgentProcess app, Path body) throws Exception {
        return app.run(work, SendApp.class, "jdk", "POST", destination.url("/_bulk"), "application/x-ndjson", "gzip",
                body.toString(), "3").assertOk();
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
