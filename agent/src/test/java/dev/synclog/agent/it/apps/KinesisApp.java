package dev.synclog.agent.it.apps;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A sync service putting rows on a Kinesis stream with the AWS SDK for Java v2, one {@code putRecords} per batch, each
 * record's partition key the row's id, on the SDK's default HTTP client: the sync client's ({@code sync}), or the async
 * client's ({@code async}: {@code NettyNioAsyncHttpClient}, which speaks HTTP/2 to Kinesis). Prints each record's
 * outcome as the SDK returned it, or the batch's failure (the exception the sync client throws, the cause of the one
 * the async client's future fails with). Args: the endpoint's base URL, sync or async, then one batch per argument: row ids
 * joined by {@code ,}.
 */
public final class KinesisApp {
    public static void main(String[] args) {
        URI endpoint = URI.create(args[0]);
        boolean async = args[1].equals("async");
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        try (KinesisClient sync = async ? null : KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
             KinesisAsyncClient asyncClient = async ? KinesisAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(credentials).build() : null) {
            Function<PutRecordsRequest, PutRecordsResponse> putRecords = async ? r -> asyncClient.putRecords(r).join() : sync::putRecords;
            for (String batch : Arrays.copyOfRange(args, 2, args.length)) {
                List<String> rowIds = List.of(batch.split(","));
                PutRecordsResponse response;
                try {
                    response = putRecords.apply(PutRecordsRequest.builder().streamName("rows").records(rowIds.stream()
                            .map(id -> PutRecordsRequestEntry.builder().partitionKey(id)
                                    .data(SdkBytes.fromUtf8String("{\"row\":\"" + id + "\"}")).build())
                            .toList()).build());
                } catch (RuntimeException e) {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    System.out.println(batch + " failed " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
                    continue;
                }
                for (int i = 0; i < rowIds.size(); i++) {
                    PutRecordsResultEntry result = response.records().get(i);
                    System.out.println(rowIds.get(i) + (result.errorCode() == null ? " put " + result.sequenceNumber()
                            : " failed " + result.errorCode() + ": " + result.errorMessage()));
                }
            }
        }
    }
}
