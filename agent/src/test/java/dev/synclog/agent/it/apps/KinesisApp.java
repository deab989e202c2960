package dev.synclog.agent.it.apps;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A sync service putting rows on a Kinesis stream with the AWS SDK for Java v2, one {@code putRecords} per batch, each
 * record's partition key the row's id, on the SDK's default HTTP client. Prints each record's outcome as the SDK
 * returned it. Args: the endpoint's base URL, then one batch per argument: row ids joined by {@code ,}.
 */
public final class KinesisApp {
    public static void main(String[] args) {
        try (KinesisClient kinesis = KinesisClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build()) {
            for (String batch : Arrays.copyOfRange(args, 1, args.length)) {
                List<String> rowIds = List.of(batch.split(","));
                PutRecordsResponse response = kinesis.putRecords(b -> b.streamName("rows").records(rowIds.stream()
                        .map(id -> PutRecordsRequestEntry.builder().partitionKey(id)
                                .data(SdkBytes.fromUtf8String("{\"row\":\"" + id + "\"}")).build())
                        .toList()));
                for (int i = 0; i < rowIds.size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    System.out.println(rowIds.get(i) + (result.errorCode() == null ? " put " + result.sequenceNumber()
                            : " failed " + result.errorCode() + ": " + result.errorMessage()));
                }
            }
        }
    }
}
