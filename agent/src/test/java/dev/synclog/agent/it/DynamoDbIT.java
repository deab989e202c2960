package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.DynamoDbApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS SDK for Java v2's DynamoDB client from Maven Central in a forked JVM, its {@code batchWriteItem} captured
 * with the worked example of docs/configuration.md against a loopback server answering as DynamoDB does: it leaves
 * some writes (puts and a delete) unprocessed on their first attempt, as a throttled table does, and the app sends those
 * again; it refuses
 * one call whole as throttled, and the SDK retries that by itself. The app sees the same with and without the agent,
 * and each item's attempts are recorded with the outcome DynamoDB gave them.
 */
class DynamoDbIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "dynamodb.us-east-1.amazonaws.com";
    private static final String TARGET = "DynamoDB_20120810.BatchWriteItem";
    /** The ids DynamoDB leaves unprocessed the first time it sees them: two puts and a delete. */
    private static final Set<String> THROTTLED_ITEMS = Set.of("c-2", "c-5", "c-9");
    /** A batch starting with this id is refused whole, once, as throttled. */
    private static final String THROTTLED_CALL = "c-6";
    private static final String THROUGHPUT_EXCEEDED = "The level of configured provisioned throughput for the table was"
            + " exceeded. Consider increasing your provisioning level with the UpdateTable API.";
    private static final String UNPROCESSED = "UnprocessedItems: not written (throughput exceeded), to be sent again";

    @TempDir
    Path work;

    @Test
    void unprocessedItemsFailTheirAttemptAndSucceedWhenSentAgain() throws Exception {
        AgentProcess.Result with = run(WorkedExamples.withConfig(work, "dynamodb.yaml", HOST, ""));
        AgentProcess.Result without = run(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("attempt 1: sent c-1,c-2,c-3, unprocessed c-2",
                "attempt 2: sent c-2, unprocessed none", "attempt 1: sent c-4,c-5,-c-8,-c-9, unprocessed c-5,-c-9",
                "attempt 2: sent c-5,-c-9, unprocessed none", "attempt 1: sent c-6, unprocessed none");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "c-1 upsert succeeded null #1", "c-2 upsert failed " + UNPROCESSED + " #1", "c-3 upsert succeeded null #1",
                "c-2 upsert succeeded null #2",
                "c-4 upsert succeeded null #1", "c-5 upsert failed " + UNPROCESSED + " #1", "c-8 removed succeeded null #1",
                "c-9 removed failed " + UNPROCESSED + " #1", "c-5 upsert succeeded null #2", "c-9 removed succeeded null #2",
                "c-6 upsert failed HTTP 400: " + THROUGHPUT_EXCEEDED + " #1", "c-6 upsert succeeded null #2");
        assertThat(events.rows.get(0).fields()).as("the item's attributes, the email hashed with its type").isEqualTo(
                "{\"id\":{\"S\":\"c-1\"},\"email\":\"" + sha256("{\"S\":\"c-1@example.com\"}") + "\",\"plan\":{\"S\":\"enterprise\"}}");
        assertThat(events.rows).filteredOn(r -> r.rowId().equals("c-9")).first().satisfies(r -> assertThat(r.fields())
                .as("a delete's key").isEqualTo("{\"id\":{\"S\":\"c-9\"}}"));
        assertThat(events.rows).allSatisfy(r -> assertThat(r.fields() + r.failureReason()).doesNotContain("@example.com"));
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error()).containsExactly(
                "dynamodb-batch-write-item 200 null", "dynamodb-batch-write-item 200 null",
                "dynamodb-batch-write-item 200 null", "dynamodb-batch-write-item 200 null",
                "dynamodb-batch-write-item 400 HTTP 400: " + THROUGHPUT_EXCEEDED, "dynamodb-batch-write-item 200 null");
    }

    private AgentProcess.Result run(AgentProcess process) throws Exception {
        try (LoopbackDestination dynamo = new LoopbackDestination()) {
            Set<String> seen = new HashSet<>();
            dynamo.on("/", (body, n) -> {
                JsonNode writes = JSON.readTree(body).path("RequestItems").path("contacts");
                String first = id(writes.path(0));
                if (first.equals(THROTTLED_CALL) && seen.add(first)) {
                    ObjectNode error = JSON.createObjectNode()
                            .put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")
                            .put("message", THROUGHPUT_EXCEEDED);
                    return answer(400, error);
                }
                ObjectNode result = JSON.createObjectNode();
                ObjectNode unprocessed = result.putObject("UnprocessedItems");
                for (JsonNode write : writes) {
                    if (THROTTLED_ITEMS.contains(id(write)) && seen.add(id(write))) {
                        ((ArrayNode) unprocessed.withArray("contacts")).add(write);
                    }
                }
                return answer(200, result);
            });
            AgentProcess.Result result = LibraryVersions.onClassPath(process, "aws-sdk", System.getProperty("synclog.aws-sdk.version"))
                    .run(work, DynamoDbApp.class, dynamo.url(""), "c-1,c-2,c-3", "c-4,c-5,-c-8,-c-9", THROTTLED_CALL).assertOk();
            assertThat(dynamo.lastHeader("/", "Content-Type")).as("DynamoDB's wire protocol").isEqualTo("application/x-amz-json-1.0");
            assertThat(dynamo.lastHeader("/", "X-Amz-Target")).isEqualTo(TARGET);
            return result;
        }
    }

    private static String id(JsonNode write) {
        JsonNode written = write.has("PutRequest") ? write.path("PutRequest").path("Item") : write.path("DeleteRequest").path("Key");
        return written.path("id").path("S").asText();
    }

    /** As DynamoDB answers: AWS JSON 1.0, with the CRC32 of the body, which the SDK checks. */
    private static Response answer(int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return new Response(status, "application/x-amz-json-1.0", bytes).withHeader("x-amz-crc32", Long.toString(crc.getValue()));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
