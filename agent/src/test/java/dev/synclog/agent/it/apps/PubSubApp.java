package dev.synclog.agent.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.google.api.core.ApiFuture;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A sync service publishing rows to a Google Cloud Pub/Sub topic, each message's attribute {@code row_id} the row's id,
 * over gRPC to a Pub/Sub stand-in this app starts on 127.0.0.1 (as an emulator is used: plaintext, no credentials, so
 * nothing else is contacted). The stand-in answers message ids {@code m-1}, {@code m-2}… and refuses with
 * {@code INVALID_ARGUMENT} a batch holding a message with an attribute key starting with {@code goog}, as Pub/Sub does.
 * Prints each row's outcome as the client returned it.
 * <p>
 * Args: groups of row ids joined by {@code ,}; {@code reserved:} before an id adds such a key to its message. Without a
 * mode, each group is one synchronous {@code TopicAdminClient.publish}. With {@code publisher} first, the rows go one
 * {@code publish} call each to the asynchronous, batching {@code Publisher} (5 messages a batch), and each group is
 * published, flushed and waited for before the next; {@code retried:} before an id has the stand-in answer
 * {@code UNAVAILABLE} to the first batch holding it, which the Publisher retries. In that mode the stand-in holds its
 * answer to the first batch it accepts (the first group's first 5 messages) until every other future of the first group
 * has completed and run its listeners: those complete first, whatever the threads.
 */
public final class PubSubApp {
    private static final TopicName TOPIC = TopicName.of("demo", "rows");
    private static final String RESERVED = "reserved:";
    private static final String RETRIED = "retried:";
    private static final int BATCH_SIZE = 5;

    public static void main(String[] args) throws Exception {
        boolean publisher = args.length > 0 && args[0].equals("publisher");
        List<String> groups = Arrays.asList(args).subList(publisher ? 1 : 0, args.length);
        PubSubStandIn standIn = new PubSubStandIn(publisher);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create()).addService(standIn).build().start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(),
                InsecureChannelCredentials.create()).build();
        try {
            if (publisher) {
                publishEach(channel, groups, standIn);
            } else {
                publishBatches(channel, groups);
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void publishBatches(ManagedChannel channel, List<String> groups) throws Exception {
        TopicAdminSettings settings = TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build();
        try (TopicAdminClient topics = TopicAdminClient.create(settings)) {
            for (String group : groups) {
                List<String> rowIds = new ArrayList<>();
                List<PubsubMessage> messages = new ArrayList<>();
                for (String marked : group.split(",")) {
                    rowIds.add(rowId(marked));
                    messages.add(message(marked));
                }
                try {
                    PublishResponse response = topics.publish(TOPIC, messages);
                    for (int i = 0; i < rowIds.size(); i++) {
                        System.out.println(rowIds.get(i) + " published " + response.getMessageIds(i));
                    }
                } catch (ApiException e) {
                    rowIds.forEach(id -> System.out.println(refused(id, e)));
                }
            }
        }
    }

    private static void publishEach(ManagedChannel channel, List<String> groups, PubSubStandIn standIn) throws Exception {
        Publisher publisher = Publisher.newBuilder(TOPIC)
                .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create())
                // A batch goes when it holds 5 messages, or when flushed: never on a timer, so batches are the same each run.
                .setBatchingSettings(BatchingSettings.newBuilder().setElementCountThreshold((long) BATCH_SIZE)
                        .setRequestByteThreshold(1_000_000L).setDelayThresholdDuration(Duration.ofHours(1)).build())
                .build();
        try {
            for (String group : groups) {
                List<String> rowIds = new ArrayList<>();
                List<ApiFuture<String>> published = new ArrayList<>();
                for (String marked : group.split(",")) {
                    if (marked.startsWith(RETRIED)) {
                        standIn.unavailableOnce.add(rowId(marked));
                    }
                    rowIds.add(rowId(marked));
                    published.add(publisher.publish(message(marked)));
                }
                publisher.publishAllOutstanding();
                if (group == groups.get(0)) {
                    // Listeners run in the order added: the agent's, added as publish returned, run before these.
                    List<ApiFuture<String>> notHeld = published.subList(Math.min(BATCH_SIZE, published.size()), published.size());
                    CountDownLatch completed = new CountDownLatch(notHeld.size());
                    notHeld.forEach(future -> future.addListener(completed::countDown, MoreExecutors.directExecutor()));
                    completed.await();
                    standIn.heldBatch.countDown();
                }
                for (int i = 0; i < rowIds.size(); i++) {
                    try {
                        System.out.println(rowIds.get(i) + " published " + published.get(i).get());
                    } catch (ExecutionException e) {
                        System.out.println(e.getCause() instanceof ApiException refusal ? refused(rowIds.get(i), refusal)
                                : rowIds.get(i) + " " + e.getCause());
                    }
                }
            }
        } finally {
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static String rowId(String marked) {
        return marked.substring(marked.indexOf(':') + 1);
    }

    private static PubsubMessage message(String marked) {
        String id = rowId(marked);
        PubsubMessage.Builder message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8("{\"row\":\"" + id + "\"}"))
                .putAttributes("row_id", id)
                .putAttributes("email", id + "@example.com");
        if (marked.startsWith(RESERVED)) {
            message.putAttributes("googclient_origin", "app");
        }
        return message.build();
    }

    private static String refused(String rowId, ApiException e) {
        return rowId + " " + e.getClass().getSimpleName() + ": " + e.getStatusCode().getCode() + " "
                + Status.fromThrowable(e).getDescription();
    }

    /** Pub/Sub's publish as the service answers it: one id per message, in order, or the whole batch refused. */
    private static final class PubSubStandIn extends PublisherGrpc.PublisherImplBase {
        /** Row ids whose first batch is answered {@code UNAVAILABLE}; removed when it is. */
        final Set<String> unavailableOnce = ConcurrentHashMap.newKeySet();
        /** What the first batch accepted waits for before it is answered; counted down by the app. */
        final CountDownLatch heldBatch;
        private int published;

        PubSubStandIn(boolean holdFirstAccepted) {
            heldBatch = new CountDownLatch(holdFirstAccepted ? 1 : 0);
        }

        @Override
        public void publish(PublishRequest request, StreamObserver<PublishResponse> answer) {
            boolean reservedKey = request.getMessagesList().stream()
                    .anyMatch(m -> m.getAttributesMap().keySet().stream().anyMatch(k -> k.startsWith("goog")));
            if (reservedKey) {
                answer.onError(Status.INVALID_ARGUMENT
                        .withDescription("The attribute key 'googclient_origin' is reserved: keys must not start with 'goog'.")
                        .asRuntimeException());
                return;
            }
            if (request.getMessagesList().stream().anyMatch(m -> unavailableOnce.remove(m.getAttributesOrDefault("row_id", "")))) {
                System.out.println("stand-in: UNAVAILABLE to a batch of " + request.getMessagesCount());
                answer.onError(Status.UNAVAILABLE.withDescription("The service is unavailable, try again.").asRuntimeException());
                return;
            }
            try {
                heldBatch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer.onError(Status.CANCELLED.asRuntimeException());
                return;
            }
            PublishResponse.Builder response = PublishResponse.newBuilder();
            synchronized (this) {
                request.getMessagesList().forEach(m -> response.addMessageIds("m-" + ++published));
            }
            answer.onNext(response.build());
            answer.onCompleted();
        }
    }
}
