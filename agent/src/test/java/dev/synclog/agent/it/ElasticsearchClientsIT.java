package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.ElasticsearchRestClientApp;
import dev.synclog.agent.it.apps.ElasticsearchJavaClientApp;
import dev.synclog.agent.it.apps.OpenSearchJavaClientApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Elasticsearch's and OpenSearch's own clients sending {@code _bulk} requests, captured with docs/configuration.md's
 * bulk example as it is: Elasticsearch's Java client's typed {@code bulk} (on Apache HttpClient 5's async client), its
 * low-level REST client posting the NDJSON itself (on HttpAsyncClient 4.1), and OpenSearch's Java client on both its
 * transports (its REST client, on HttpAsyncClient 4.1, and HttpClient 5's async client). A loopback server answers as Elasticsearch does, item by item
 * from the actions it reads: a missing document's delete is 404, an update setting {@code plan} to {@code bad} is a
 * parse error, a create of an existing id a version conflict. Each row's recorded outcome is the item's; the app
 * sees what it sees without the agent.
 */
class ElasticsearchClientsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    LoopbackDestination elasticsearch;

    @BeforeEach
    void start() throws IOException {
        elasticsearch = new LoopbackDestination();
        elasticsearch.on("/_bulk", (body, n) -> Response.json(200, bulkAnswer(new String(body, StandardCharsets.UTF_8)))
                .withHeader("X-Elastic-Product", "Elasticsearch"));
    }

    @AfterEach
    void stop() {
        elasticsearch.close();
    }

    @Test
    void theJavaClientsTypedBulkIsRecordedARowAnAction() throws Exception {
        String version = System.getProperty("synclog.elasticsearch-java.version");
        String url = elasticsearch.url("");
        AgentProcess.Result with = LibraryVersions.onClassPath(config(), "elasticsearch-java", version)
                .run(work, ElasticsearchJavaClientApp.class, url, "2").assertOk();
        AgentProcess.Result without = LibraryVersions.onClassPath(AgentProcess.withoutAgent(), "elasticsearch-java", version)
                .run(work, ElasticsearchJavaClientApp.class, url, "2").assertOk();

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout())
                .contains("0 delete 7 404 -", "0 update 9 400 failed to parse field [plan]");
        assertTwoTypedBulksRecorded("{\"doc\":{\"plan\":\"bad\"},\"doc_as_upsert\":true}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest-client", "httpclient5"})
    void openSearchsJavaClientsTypedBulkIsRecordedARowAnActionOnEitherTransport(String transport) throws Exception {
        String version = System.getProperty("synclog.opensearch-java.version");
        String url = elasticsearch.url("");
        AgentProcess.Result with = LibraryVersions.onClassPath(config(), "opensearch-java", version)
                .run(work, OpenSearchJavaClientApp.class, transport, url, "2").assertOk();
        AgentProcess.Result without = LibraryVersions.onClassPath(AgentProcess.withoutAgent(), "opensearch-java", version)
                .run(work, OpenSearchJavaClientApp.class, transport, url, "2").assertOk();

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout())
                .contains("0 delete 7 404 -", "0 update 9 400 failed to parse field [plan]");
        // the fields are the request's own text: this client writes doc_as_upsert first
        assertTwoTypedBulksRecorded("{\"doc_as_upsert\":true,\"doc\":{\"plan\":\"bad\"}}");
    }

    @Test
    void theLowLevelClientsOwnNdjsonIsRecordedARowAnAction() throws Exception {
        String version = System.getProperty("synclog.elasticsearch-rest-client.version");
        Path body = work.resolve("bulk.ndjson");
        Files.writeString(body, ""
                + "{\"index\":{\"_index\":\"users\",\"_id\":\"u{n}\"}}\n{\"email\":\"u{n}@x\"}\n"
                + "{\"update\":{\"_index\":\"users\",\"_id\":\"9\"}}\n{\"doc\":{\"plan\":\"bad\"}}\n"
                + "{\"delete\":{\"_index\":\"users\",\"_id\":\"gone\"}}\n");
        String url = elasticsearch.url("/_bulk");
        AgentProcess.Result with = LibraryVersions.onClassPath(config(), "elasticsearch-rest-client", version)
                .run(work, ElasticsearchRestClientApp.class, url, body.toString(), "2").assertOk();
        AgentProcess.Result without = LibraryVersions.onClassPath(AgentProcess.withoutAgent(), "elasticsearch-rest-client", version)
                .run(work, ElasticsearchRestClientApp.class, url, body.toString(), "2").assertOk();

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "u0 upsert succeeded null {\"email\":\"u0@x\"} #1",
                "9 changed failed failed to parse field [plan] {\"doc\":{\"plan\":\"bad\"}} #1",
                "gone removed succeeded null {} #1",
                "u1 upsert succeeded null {\"email\":\"u1@x\"} #1",
                "9 changed failed failed to parse field [plan] {\"doc\":{\"plan\":\"bad\"}} #2",
                "gone removed succeeded null {} #2");
    }

    /** Two calls of the typed clients' four actions: each row as its item says, the update's fields its body as sent. */
    private void assertTwoTypedBulksRecorded(String updateFields) throws IOException {
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::line).containsExactly(
                "42 upsert succeeded null {\"email\":\"a@x\",\"plan\":\"pro\"} #1",
                "7 removed succeeded null {} #1",
                "9 changed failed failed to parse field [plan] " + updateFields + " #1",
                "11 added failed [11]: version conflict, document already exists {\"email\":\"c@x\",\"plan\":\"free\"} #1",
                "42 upsert succeeded null {\"email\":\"a@x\",\"plan\":\"pro\"} #2",
                "7 removed succeeded null {} #2",
                "9 changed failed failed to parse field [plan] " + updateFields + " #2",
                "11 added failed [11]: version conflict, document already exists {\"email\":\"c@x\",\"plan\":\"free\"} #2");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.rowsSucceeded() + "/" + c.rowsFailed())
                .containsExactly("users-bulk 200 2/2", "users-bulk 200 2/2");
    }

    private AgentProcess config() throws IOException {
        return WorkedExamples.withConfig(work, "elasticsearch-bulk.yaml", "search.example.com", "");
    }

    /** Elasticsearch's answer to a bulk body: one item per action, named by it, with its status and any error. */
    private static String bulkAnswer(String ndjson) throws IOException {
        ArrayNode items = JSON.createArrayNode();
        boolean errors = false;
        String[] lines = ndjson.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Map.Entry<String, JsonNode> action = JSON.readTree(lines[i]).fields().next();
            String kind = action.getKey();
            String id = action.getValue().path("_id").asText();
            JsonNode document = kind.equals("delete") ? null : JSON.readTree(lines[++i]);
            ObjectNode result = items.addObject().putObject(kind).put("_index", "users").put("_id", id);
            if (kind.equals("delete")) {
                boolean found = !id.equals("7") && !id.equals("gone");
                result.put("status", found ? 200 : 404).put("result", found ? "deleted" : "not_found");
            } else if (kind.equals("update") && document.path("doc").path("plan").asText().equals("bad")) {
                errors = true;
                result.put("status", 400).putObject("error").put("type", "document_parsing_exception")
                        .put("reason", "failed to parse field [plan]");
            } else if (kind.equals("create") && id.equals("11")) {
                errors = true;
                result.put("status", 409).putObject("error").put("type", "version_conflict_engine_exception")
                        .put("reason", "[11]: version conflict, document already exists");
            } else {
                result.put("status", 200).put("result", "updated");
            }
            result.put("_version", 2).putObject("_shards").put("total", 1).put("successful", 1).put("failed", 0);
            result.put("_seq_no", items.size()).put("_primary_term", 1);
        }
        ObjectNode answer = JSON.createObjectNode().put("took", 3).put("errors", errors);
        answer.set("items", items);
        return JSON.writeValueAsString(answer);
    }
}
