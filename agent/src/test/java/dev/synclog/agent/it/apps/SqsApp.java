package dev.synclog.agent.it.apps;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * A sync service pushing rows to an SQS queue with the AWS SDK for Java v2, one {@code sendMessageBatch} per batch
 * of rows, each entry's {@code Id} the row's id, as the SDK's developer guide builds the client (pointed at a local
 * endpoint, as for LocalStack). Prints each entry's outcome as the SDK returned it. Args: the endpoint's base URL,
 * the HTTP client ({@code default}: the one the SDK picks from the class path; {@code apache};
 * {@code url-connection}; {@code netty}: the async client, on the async default {@code NettyNioAsyncHttpClient}),
 * then one batch per argument: row ids joined by {@code ,}, {@code single:<id>} for one {@code sendMessage}, or
 * {@code delete:<ids>} for a {@code deleteMessageBatch} of messages received earlier (same shape as a send batch on
 * the wire, another operation).
 */
public final class SqsApp {
    public static void main(String[] args) {
        try (Sqs sqs = open(args[0], args[1])) {
            String queueUrl = args[0] + "/000000000000/rows";
            for (String batch : Arrays.copyOfRange(args, 2, args.length)) {
                if (batch.startsWith("single:")) {
                    String id = batch.substring("single:".length());
                    System.out.println(id + " sent " + sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body(id))).messageId());
                } else if (batch.startsWith("delete:")) {
                    delete(sqs, queueUrl, List.of(batch.substring("delete:".length()).split(",")));
                } else {
                    send(sqs, queueUrl, List.of(batch.split(",")));
                }
            }
        }
    }

    /** The operations the app uses, on the sync client or, waited on, the async one. */
    private interface Sqs extends AutoCloseable {
        SendMessageResponse sendMessage(Consumer<SendMessageRequest.Builder> request);

        SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> request);

        DeleteMessageBatchResponse deleteMessageBatch(Consumer<DeleteMessageBatchRequest.Builder> request);

        @Override
        void close();
    }

    /** {@code netty}: the async client on the SDK's default async HTTP client, {@code NettyNioAsyncHttpClient}. */
    private static Sqs open(String endpoint, String client) {
        if (client.equals("netty")) {
            SqsAsyncClient async = configured(SqsAsyncClient.builder(), endpoint).build();
            return new Sqs() {
                public SendMessageResponse sendMessage(Consumer<SendMessageRequest.Builder> request) {
                    return join(async.sendMessage(request));
                }

                public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> request) {
                    return join(async.sendMessageBatch(request));
                }

                public DeleteMessageBatchResponse deleteMessageBatch(Consumer<DeleteMessageBatchRequest.Builder> request) {
                    return join(async.deleteMessageBatch(request));
                }

                public void close() {
                    async.close();
                }
            };
        }
        SqsClient sync = configured(withHttpClient(SqsClient.builder(), client), endpoint).build();
        return new Sqs() {
            public SendMessageResponse sendMessage(Consumer<SendMessageRequest.Builder> request) {
                return sync.sendMessage(request);
            }

            public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> request) {
                return sync.sendMessageBatch(request);
            }

            public DeleteMessageBatchResponse deleteMessageBatch(Consumer<DeleteMessageBatchRequest.Builder> request) {
                return sync.deleteMessageBatch(request);
            }

            public void close() {
                sync.close();
            }
        };
    }

    private static <B extends AwsClientBuilder<B, ?>> B configured(B builder, String endpoint) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    /** What the sync client would have returned or thrown. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static SqsClientBuilder withHttpClient(SqsClientBuilder builder, String client) {
        return switch (client) {
            case "default" -> builder;
            case "apache" -> builder.httpClientBuilder(ApacheHttpClient.builder());
            case "url-connection" -> builder.httpClientBuilder(UrlConnectionHttpClient.builder());
            default -> throw new IllegalArgumentException("HTTP client '" + client + "': use default, apache or url-connection");
        };
    }

    private static String body(String rowId) {
        return "{\"row\":\"" + rowId + "\"}";
    }

    private static void delete(Sqs sqs, String queueUrl, List<String> ids) {
        DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(ids.stream()
                .map(id -> DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle("receipt-" + id).build())
                .toList()));
        response.successful().forEach(e -> System.out.println(e.id() + " deleted"));
    }

    private static void send(Sqs sqs, String queueUrl, List<String> rowIds) {
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(rowIds.stream()
                    .map(id -> SendMessageBatchRequestEntry.builder().id(id).messageBody(body(id)).build())
                    .toList()));
            response.successful().forEach(e -> System.out.println(e.id() + " sent " + e.messageId()));
            response.failed().forEach(e -> System.out.println(e.id() + " failed " + e.code() + ": " + e.message()));
        } catch (AwsServiceException e) {
            rowIds.forEach(id -> System.out.println(id + " " + e.getClass().getSimpleName() + ": "
                    + e.awsErrorDetails().errorMessage() + " (HTTP " + e.statusCode() + ")"));
        }
    }
}
