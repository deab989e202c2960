package dev.synclog.agent.it.apps;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A sync service writing contacts to a DynamoDB table with the AWS SDK for Java v2, one {@code batchWriteItem} per
 * batch: a {@code PutRequest} a contact to upsert ({@code id}, {@code email}, {@code plan}), a {@code DeleteRequest} a
 * contact to remove, on the SDK's default HTTP client. As AWS documents, it sends the writes a response lists in
 * {@code UnprocessedItems} again (the SDK does not), at most three attempts a batch. Prints each attempt's writes and
 * what was left unprocessed. Args: the endpoint's base URL, then one batch per argument: contact ids joined by
 * {@code ,}, an id to remove preceded by {@code -}.
 */
public final class DynamoDbApp {
    private static final String TABLE = "contacts";
    private static final int MAX_ATTEMPTS = 3;

    public static void main(String[] args) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(args[0])).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build()) {
            for (String batch : Arrays.copyOfRange(args, 1, args.length)) {
                List<WriteRequest> writes = Arrays.stream(batch.split(","))
                        .map(id -> id.startsWith("-") ? remove(id.substring(1)) : upsert(id)).toList();
                Map<String, List<WriteRequest>> pending = Map.of(TABLE, writes);
                for (int attempt = 1; !pending.isEmpty(); attempt++) {
                    if (attempt > MAX_ATTEMPTS) {
                        System.out.println(batch + " gave up on " + ids(pending.get(TABLE)));
                        break;
                    }
                    BatchWriteItemResponse response = dynamo.batchWriteItem(BatchWriteItemRequest.builder()
                            .requestItems(pending).build());
                    List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(TABLE, List.of());
                    System.out.println("attempt " + attempt + ": sent " + ids(pending.get(TABLE)) + ", unprocessed "
                            + (unprocessed.isEmpty() ? "none" : ids(unprocessed)));
                    pending = unprocessed.isEmpty() ? Map.of() : Map.of(TABLE, unprocessed);
                }
            }
        }
    }

    private static WriteRequest upsert(String id) {
        // In this order on the wire, run after run (Map.of's order changes from one JVM to the next).
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("email", AttributeValue.fromS(id + "@example.com"));
        item.put("plan", AttributeValue.fromS(id.endsWith("1") ? "enterprise" : "pro"));
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static WriteRequest remove(String id) {
        return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of("id", AttributeValue.fromS(id))).build())
                .build();
    }

    private static String ids(List<WriteRequest> writes) {
        return writes.stream().map(w -> w.putRequest() != null ? w.putRequest().item().get("id").s()
                : "-" + w.deleteRequest().key().get("id").s()).collect(Collectors.joining(","));
    }
}
