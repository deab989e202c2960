package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.synclog.agent.it.LoopbackDestination.Response;
import dev.synclog.agent.it.apps.KinesisApp;
import dev.synclog.agent.it.apps.SqsApp;
import dev.synclog.events.CallCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AWS SDK for Java v2 from Maven Central in a forked JVM against loopback servers answering as SQS and Kinesis do,
 * captured with the worked examples of docs/configuration.md: SQS on each of the SDK's sync HTTP clients, Kinesis in
 * CBOR (the SDK's default, unreadable: a call-level result) and in JSON, and both as SDK methods. The app sees the
 * same with and without the agent, and every entry's outcome is the one the SDK returned.
 */
class AwsSdkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();
    private static final String KINESIS_HOST = "kinesis.us-east-1.amazonaws.com";
    private static final String RATE_EXCEEDED = "Rate exceeded for shard shardId-000000000000 in stream rows under account 000000000000.";
    private static final String NO_QUEUE = "The specified queue does not exist.";
    /** The SDK's exception for the 400, as the agent records an exception: class and message. */
    private static final String QUEUE_GONE = "software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException: "
            + NO_QUEUE + " (Service: Sqs, Status Code: 400, Request ID: null) (SDK Attempt Count: 1)";
    /** How the SDK names each HTTP client in its user agent: the default is Apache HttpClient 5. */
    private static final Map<String, String> SDK_CLIENT_NAMES = Map.of("default", "Apache5", "apache", "Apache",
            "url-connection", "UrlConnection", "netty", "NettyNio");
    private static final String INTERNAL_ERROR = "We encountered an internal error. Please try again.";
    private static final String KINESIS_MODEL = "software.amazon.awssdk.services.kinesis.model.";
    private static final String NO_STREAM = "Stream rows under account 000000000000 not found.";

    @TempDir
    Path work;

    /**
     * Three batches: one entry of three refused in "Failed"; refused whole with 400 (the queue is gone); 500, which the
     * SDK retries after a short back-off, then accepted. Then one sendMessage and one deleteMessageBatch (entries shaped
     * as a send's), on the same POST /: other operations in X-Amz-Target, which the endpoint's match.headers leaves out.
     *
     * @param httpClient {@code default} is the SDK's own pick from the class path: apache5-client, which every
     *                   service module depends on since 2.46
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "apache", "url-connection", "netty"})
    void sendMessageBatchEntriesAreRowsAndFailedNamesTheRefusedOnes(String httpClient) throws Exception {
        AgentProcess.Result with = runSqs(WorkedExamples.withConfig(work, "sqs.yaml", "sqs.us-east-1.amazonaws.com", ""),
                httpClient);
        AgentProcess.Result without = runSqs(AgentProcess.withoutAgent(), httpClient);

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("r-1 sent msg-r-1", "r-3 sent msg-r-3",
                "r-2 failed InvalidMessageContents: Invalid characters found in the message body",
                "r-4 QueueDoesNotExistException: " + NO_QUEUE + " (HTTP 400)",
                "r-5 QueueDoesNotExistException: " + NO_QUEUE + " (HTTP 400)", "r-6 sent msg-r-6", "r-7 sent msg-single",
                "d-1 deleted", "d-2 deleted");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("r-1 added succeeded null #1",
                "r-2 added failed Invalid characters found in the message body #1", "r-3 added succeeded null #1",
                "r-4 added failed HTTP 400: " + NO_QUEUE + " #1", "r-5 added failed HTTP 400: " + NO_QUEUE + " #1",
                "r-6 added failed HTTP 500: " + INTERNAL_ERROR + " #1", "r-6 added succeeded null #2");
        assertThat(events.rows.get(0).fields()).isEqualTo("{\"Id\":\"r-1\",\"MessageBody\":\"{\\\"row\\\":\\\"r-1\\\"}\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error()).containsExactly(
                "sqs-send-message-batch 200 null", "sqs-send-message-batch 400 HTTP 400: " + NO_QUEUE,
                "sqs-send-message-batch 500 HTTP 500: " + INTERNAL_ERROR, "sqs-send-message-batch 200 null");
    }

    /**
     * The same app with sendMessageBatch captured as the SDK method: the entries and the response read through the
     * model's accessors; the sendMessage and the deleteMessageBatch are other methods, not captured; the retried batch is
     * one call.
     */
    @Test
    void sendMessageBatchAsTheSdkMethodIsThatOperationAlone() throws Exception {
        AgentProcess.Result with = runSqs(WorkedExamples.withConfig(work, "sqs-method.yaml", null, ""), "default");

        assertThat(with.stdout().lines()).hasSize(9).contains("r-2 failed InvalidMessageContents: Invalid characters found in the message body");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("r-1 added succeeded null #1",
                "r-2 added failed Invalid characters found in the message body #1", "r-3 added succeeded null #1",
                "r-4 added failed " + QUEUE_GONE + " #1", "r-5 added failed " + QUEUE_GONE + " #1",
                "r-6 added succeeded null #1");
        assertThat(events.rows.get(0).fields()).isEqualTo("{\"delaySeconds\":null,\"id\":\"r-1\",\"messageAttributes\":{},"
                + "\"messageBody\":\"{\\\"row\\\":\\\"r-1\\\"}\",\"messageDeduplicationId\":null,\"messageGroupId\":null,"
                + "\"messageSystemAttributes\":{}}");
        assertThat(events.calls).allSatisfy(c -> assertThat(c.url())
                .isEqualTo("java:software.amazon.awssdk.services.sqs.DefaultSqsClient#sendMessageBatch"));
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly(null, QUEUE_GONE, null);
    }

    /**
     * Kinesis putRecords as the SDK sends it by default, in CBOR: the agent cannot read the rows, so each call is
     * recorded without rows, with an error that says why and how to switch; the app gets what it gets without the agent.
     */
    @Test
    void putRecordsInCborAreCallsWithoutRowsThatSayHowToSwitchToJson() throws Exception {
        AgentProcess.Result with = runKinesis(WorkedExamples.withConfig(work, "kinesis.yaml", KINESIS_HOST, ""));
        AgentProcess.Result without = runKinesis(AgentProcess.withoutAgent());

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("k-1 put 49000000000000000000000000000000000000000000000001",
                "k-2 failed ProvisionedThroughputExceededException: " + RATE_EXCEEDED,
                "k-3 put 49000000000000000000000000000000000000000000000003");
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).isEmpty();
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error())
                .containsExactly("kinesis-put-records 200 request body is CBOR (Content-Type application/x-amz-cbor-1.1), which"
                        + " synclog does not read, so its rows were not recorded; make the client send JSON (the AWS SDK for"
                        + " Java does with -Daws.cborEnabled=false)");
    }

    /** The same with the SDK's switch to JSON ({@code -Daws.cborEnabled=false}): one row per record, index-aligned. */
    @Test
    void putRecordsInJsonAreRowsOfTheirPartitionKeys() throws Exception {
        AgentProcess.Result with = runKinesis(WorkedExamples.withConfig(work, "kinesis.yaml", KINESIS_HOST, "")
                .jvmOption("-Daws.cborEnabled=false"));
        AgentProcess.Result without = runKinesis(AgentProcess.withoutAgent().jvmOption("-Daws.cborEnabled=false"));

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(3).element(1).isEqualTo(
                "k-2 failed ProvisionedThroughputExceededException: " + RATE_EXCEEDED);
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("k-1 added succeeded null #1",
                "k-2 added failed " + RATE_EXCEEDED + " #1", "k-3 added succeeded null #1");
        assertThat(events.rows.get(0).fields()).isEqualTo("{\"Data\":\"eyJyb3ciOiJrLTEifQ==\",\"PartitionKey\":\"k-1\"}");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + c.error())
                .containsExactly("kinesis-put-records 200 null");
    }

    /** putRecords captured as the SDK method: the rows whatever the wire format, here the SDK's default CBOR. */
    @Test
    void putRecordsAsTheSdkMethodAreRowsInCborToo() throws Exception {
        AgentProcess.Result with = runKinesis(WorkedExamples.withConfig(work, "kinesis-method.yaml", null, ""));

        assertThat(with.stdout().lines()).hasSize(3).element(1).isEqualTo(
                "k-2 failed ProvisionedThroughputExceededException: " + RATE_EXCEEDED);
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("k-1 added succeeded null #1",
                "k-2 added failed " + RATE_EXCEEDED + " #1", "k-3 added succeeded null #1");
        // SdkBytes has no getter or accessor of its bytes: the data reads as an empty object.
        assertThat(events.rows.get(0).fields()).isEqualTo("{\"data\":{},\"explicitHashKey\":null,\"partitionKey\":\"k-1\"}");
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly((String) null);
    }

    /**
     * The async client on its default HTTP client ({@code NettyNioAsyncHttpClient}), which speaks HTTP/2 to Kinesis,
     * against a destination that speaks HTTP/2 alone (over TLS), in JSON: the same rows as the sync client's. The
     * destination resets the first attempt's stream after half its body, and the SDK retries by itself: that attempt's
     * rows failed, cut off, and the retry's as the answer says.
     */
    @Test
    void putRecordsOnTheAsyncClientOverHttp2AreRowsToo() throws Exception {
        AgentProcess.Result with = runKinesis(WorkedExamples.withConfig(work, "kinesis.yaml", KINESIS_HOST, "")
                .jvmOption("-Daws.cborEnabled=false"), "async");
        AgentProcess.Result without = runKinesis(AgentProcess.withoutAgent().jvmOption("-Daws.cborEnabled=false"), "async");

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).hasSize(3).element(1).isEqualTo(
                "k-2 failed ProvisionedThroughputExceededException: " + RATE_EXCEEDED);
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        String cutOff = "io.netty.handler.codec.PrematureChannelClosureException: the HTTP/2 stream closed before the response ended (reset, or its connection closed)";
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "k-1 added failed " + cutOff + " #1", "k-2 added failed " + cutOff + " #1", "k-3 added failed " + cutOff + " #1",
                "k-1 added succeeded null #2", "k-2 added failed " + RATE_EXCEEDED + " #2", "k-3 added succeeded null #2");
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.httpStatus() + " " + (c.error() != null) + " " + c.url().startsWith("https://"))
                .containsExactly("kinesis-put-records 200 true true", "kinesis-put-records 200 false true");
    }

    /**
     * putRecords of the async client captured as the SDK method: it returns a {@code CompletableFuture}, and each call
     * is recorded when that future completes. The first attempt is cut off and the SDK retries by itself: one call,
     * its rows as the retry's answer says. A batch answered 500 at every attempt, and one refused with 400, fail every
     * record with the exception the app's future failed with (after the SDK's own retries).
     */
    @Test
    void putRecordsOfTheAsyncClientAsTheSdkMethodAreRecordedWhenTheFutureCompletes() throws Exception {
        String[] batches = {"k-1,k-2,k-3", "k-4,k-5", "k-6"};
        AgentProcess.Result with = runKinesis(WorkedExamples.withConfig(work, "kinesis-async-method.yaml", null, "")
                .jvmOption("-Daws.cborEnabled=false"), "async", batches);
        AgentProcess.Result without = runKinesis(AgentProcess.withoutAgent().jvmOption("-Daws.cborEnabled=false"), "async",
                batches);

        assertThat(with.stdout()).as("what the SDK returned, with and without the agent").isEqualTo(without.stdout());
        String failedAfterRetries = "KinesisException: " + INTERNAL_ERROR
                + " (Service: Kinesis, Status Code: 500, Request ID: null) (SDK Attempt Count: 4)";
        String noStream = "ResourceNotFoundException: " + NO_STREAM
                + " (Service: Kinesis, Status Code: 400, Request ID: null) (SDK Attempt Count: 1)";
        assertThat(with.stdout().lines()).hasSize(5).contains("k-4,k-5 failed " + failedAfterRetries, "k-6 failed " + noStream);
        // Recorded as the app's future failed: the SDK's exception, by its full class name.
        failedAfterRetries = KINESIS_MODEL + failedAfterRetries;
        noStream = KINESIS_MODEL + noStream;
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("k-1 added succeeded null #1",
                "k-2 added failed " + RATE_EXCEEDED + " #1", "k-3 added succeeded null #1",
                "k-4 added failed " + failedAfterRetries + " #1", "k-5 added failed " + failedAfterRetries + " #1",
                "k-6 added failed " + noStream + " #1");
        assertThat(events.calls).extracting(CallCompleted::error).containsExactly(null, failedAfterRetries, noStream);
        assertThat(events.calls).allSatisfy(c -> assertThat(c.url())
                .isEqualTo("java:software.amazon.awssdk.services.kinesis.DefaultKinesisAsyncClient#putRecords"));
    }

    private AgentProcess.Result runKinesis(AgentProcess process) throws Exception {
        return runKinesis(process, "sync");
    }

    private AgentProcess.Result runKinesis(AgentProcess process, String client) throws Exception {
        return runKinesis(process, client, "k-1,k-2,k-3");
    }

    /**
     * @param client  {@code sync}: the sync client over HTTP/1.1; {@code async}: the async client over HTTP/2 (TLS)
     * @param batches row ids joined by {@code ,}: a batch starting with {@code k-4} gets a 500 at every attempt, one
     *                starting with {@code k-6} a 400; others a result per record, {@code k-2} refused
     */
    private AgentProcess.Result runKinesis(AgentProcess process, String client, String... batches) throws Exception {
        boolean async = client.equals("async");
        if (async) {
            LoopbackDestination.trustOptions(work).forEach(process::jvmOption);
        }
        try (LoopbackDestination kinesis = async ? LoopbackDestination.h2(work) : new LoopbackDestination()) {
            kinesis.on("/", (body, n) -> {
                // The SDK's CBOR starts with a map's head byte, never with JSON's '{'.
                boolean json = body.length > 0 && body[0] == '{';
                ObjectMapper format = json ? JSON : CBOR;
                JsonNode request = format.readTree(body);
                String first = request.path("Records").path(0).path("PartitionKey").asText();
                if (first.equals("k-4") || first.equals("k-6")) {
                    ObjectNode error = first.equals("k-4") ? format.createObjectNode().put("__type", "InternalFailure")
                            .put("message", INTERNAL_ERROR) : format.createObjectNode()
                            .put("__type", "ResourceNotFoundException").put("message", NO_STREAM);
                    return new Response(first.equals("k-4") ? 500 : 400, json ? "application/x-amz-json-1.1"
                            : "application/x-amz-cbor-1.1", format.writeValueAsBytes(error));
                }
                ObjectNode result = format.createObjectNode().put("FailedRecordCount", 1);
                ArrayNode records = result.putArray("Records");
                int i = 0;
                for (JsonNode record : request.path("Records")) {
                    i++;
                    if (record.path("PartitionKey").asText().equals("k-2")) {
                        records.addObject().put("ErrorCode", "ProvisionedThroughputExceededException").put("ErrorMessage", RATE_EXCEEDED);
                    } else {
                        records.addObject().put("SequenceNumber", "4900000000000000000000000000000000000000000000000" + i)
                                .put("ShardId", "shardId-000000000000");
                    }
                }
                Response response = new Response(200, json ? "application/x-amz-json-1.1" : "application/x-amz-cbor-1.1",
                        format.writeValueAsBytes(result));
                return async && n == 1 ? response.cutOffMidBody() : response;
            });
            return LibraryVersions.onClassPath(process, "aws-sdk", System.getProperty("synclog.aws-sdk.version"))
                    .run(work, KinesisApp.class, withFirst(kinesis.url(""), client, batches)).assertOk();
        }
    }

    private static String[] withFirst(String url, String client, String[] batches) {
        String[] args = new String[batches.length + 2];
        args[0] = url;
        args[1] = client;
        System.arraycopy(batches, 0, args, 2, batches.length);
        return args;
    }

    private AgentProcess.Result runSqs(AgentProcess process, String httpClient) throws Exception {
        try (LoopbackDestination sqs = new LoopbackDestination()) {
            AtomicInteger lastBatchTries = new AtomicInteger();
            sqs.on("/", (body, n) -> {
                JsonNode request = JSON.readTree(body);
                if (!request.has("Entries")) {
                    return Response.json(200, "{\"MessageId\":\"msg-single\",\"MD5OfMessageBody\":\""
                            + md5Hex(request.path("MessageBody").asText()) + "\"}");
                }
                JsonNode entries = request.path("Entries");
                if (entries.path(0).has("ReceiptHandle")) {
                    return deleteMessageBatchResult(entries);
                }
                String first = entries.path(0).path("Id").asText();
                if (first.equals("r-4")) {
                    return error(400, "QueueDoesNotExist", NO_QUEUE);
                }
                if (first.equals("r-6") && lastBatchTries.incrementAndGet() == 1) {
                    return error(500, "InternalError", INTERNAL_ERROR);
                }
                return sendMessageBatchResult(entries);
            });
            AgentProcess.Result result = LibraryVersions.onClassPath(process, "aws-sdk", System.getProperty("synclog.aws-sdk.version"))
                    .run(work, SqsApp.class, sqs.url(""), httpClient, "r-1,r-2,r-3", "r-4,r-5", "r-6", "single:r-7", "delete:d-1,d-2")
                    .assertOk();
            assertThat(sqs.lastHeader("/", "Content-Type")).as("SQS's wire protocol in this SDK").isEqualTo("application/x-amz-json-1.0");
            assertThat(sqs.lastHeader("/", "X-Amz-Target")).as("the operation of the last call, the deleteMessageBatch")
                    .isEqualTo("AmazonSQS.DeleteMessageBatch");
            assertThat(sqs.lastHeader("/", "User-Agent")).as("the HTTP client the SDK used, in its user agent")
                    .contains(" md/http#" + SDK_CLIENT_NAMES.get(httpClient) + " ");
            return result;
        }
    }

    /** SQS's answer: every entry in "Successful" with the MD5 of its body (the SDK checks it), but r-2 in "Failed". */
    private static Response sendMessageBatchResult(JsonNode entries) throws IOException {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode successful = result.putArray("Successful");
        ArrayNode failed = result.putArray("Failed");
        for (JsonNode entry : entries) {
            String id = entry.path("Id").asText();
            if (id.equals("r-2")) {
                failed.addObject().put("Id", id).put("Code", "InvalidMessageContents")
                        .put("Message", "Invalid characters found in the message body").put("SenderFault", true);
            } else {
                successful.addObject().put("Id", id).put("MessageId", "msg-" + id)
                        .put("MD5OfMessageBody", md5Hex(entry.path("MessageBody").asText()));
            }
        }
        return new Response(200, "application/x-amz-json-1.0", JSON.writeValueAsBytes(result));
    }

    /** Every entry deleted. */
    private static Response deleteMessageBatchResult(JsonNode entries) throws IOException {
        ObjectNode result = JSON.createObjectNode();
        ArrayNode successful = result.putArray("Successful");
        result.putArray("Failed");
        entries.forEach(entry -> successful.addObject().put("Id", entry.path("Id").asText()));
        return new Response(200, "application/x-amz-json-1.0", JSON.writeValueAsBytes(result));
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** An error as SQS's JSON protocol sends it: the code in {@code __type}. */
    private static Response error(int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + code).put("message", message);
        return new Response(status, "application/x-amz-json-1.0", JSON.writeValueAsBytes(body));
    }
}
