package dev.synclog.agent.it.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
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
 * A sync service publishing rows to a Google Cloud Pub/Sub topic with the synchronous {@code TopicAdminClient.publish},
 * one call per batch, each message's attribute {@code row_id} the row's id, over gRPC to a Pub/Sub stand-in this app
 * starts on 127.0.0.1 (as an emulator is used: plaintext, no credentials, so nothing else is contacted). The stand-in
 * answers message ids {@code m-1}, {@code m-2}… and refuses with {@code INVALID_ARGUMENT} a batch whose messages carry
 * an attribute key starting with {@code goog}, as Pub/Sub does. Prints each row's outcome as the client returned it.
 * Args: one batch per argument, row ids joined by {@code ,}; {@code reserved:} before the ids adds such a key.
 */
public final class PubSubApp {
    public static void main(String[] args) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create()).addService(new PubSubStandIn()).build().start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(),
                InsecureChannelCredentials.create()).build();
        TopicAdminSettings settings = TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build();
        try (TopicAdminClient topics = TopicAdminClient.create(settings)) {
            for (String batch : args) {
                boolean reserved = batch.startsWith("reserved:");
                publish(topics, Arrays.asList(batch.substring(reserved ? "reserved:".length() : 0).split(",")), reserved);
            }
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void publish(TopicAdminClient topics, List<String> rowIds, boolean reserved) {
        List<PubsubMessage> messages = new ArrayList<>();
        for (String id : rowIds) {
            PubsubMessage.Builder message = PubsubMessage.newBuilder()
                    .setData(ByteString.copyFromUtf8("{\"row\":\"" + id + "\"}"))
                    .putAttributes("row_id", id)
                    .putAttributes("email", id + "@example.com");
            if (reserved) {
                message.putAttributes("googclient_origin", "app");
            }
            messages.add(message.build());
        }
        try {
            PublishResponse response = topics.publish(TopicName.of("demo", "rows"), messages);
            for (int i = 0; i < rowIds.size(); i++) {
                System.out.println(rowIds.get(i) + " published " + response.getMessageIds(i));
            }
        } catch (ApiException e) {
            rowIds.forEach(id -> System.out.println(id + " " + e.getClass().getSimpleName() + ": " + e.getStatusCode().getCode()
                    + " " + Status.fromThrowable(e).getDescription()));
        }
    }

    /** Pub/Sub's publish as the service answers it: one id per message, in order, or the whole batch refused. */
    private static final class PubSubStandIn extends PublisherGrpc.PublisherImplBase {
        private int published;

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
            PublishResponse.Builder response = PublishResponse.newBuilder();
            synchronized (this) {
                request.getMessagesList().forEach(m -> response.addMessageIds("m-" + ++published));
            }
            answer.onNext(response.build());
            answer.onCompleted();
        }
    }
}
