package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.synclog.agent.it.apps.PubSubApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Google Cloud Pub/Sub's client from Maven Central in a forked JVM, publishing over real gRPC (grpc-netty-shaded) to a
 * stand-in on 127.0.0.1, captured with docs/configuration.md's worked examples: the synchronous
 * {@code TopicAdminClient.publish}, and the batching {@code Publisher}'s {@code publish} (its {@code ApiFuture}
 * followed), as SDK methods, their protobuf messages read as JsonFormat prints them.
 */
class PubSubIT {
    /** The refused batch's exception, as the agent records an exception: class and message. */
    private static final String REFUSED = "com.google.api.gax.rpc.InvalidArgumentException: io.grpc.StatusRuntimeException: "
            + "INVALID_ARGUMENT: The attribute key 'googclient_origin' is reserved: keys must not start with 'goog'.";
    /** SHA-256 of {@code r-1@example.com}: the attribute {@code email}, hashed by the privacy rule. */
    private static final String EMAIL_HASH = "a6ee00bae287b6492bf10506d47fe948f03ecab8c52c3be426d752cb7376dc2a";

    @TempDir
    Path work;

    @Test
    void publishedMessagesAreRowsOfTheirRowIdAttributeAndARefusedPublishFailsThemAll() throws Exception {
        String[] batches = {"r-1,r-2,r-3", "reserved:r-4,r-5", "r-6"};
        AgentProcess.Result with = run(WorkedExamples.withConfig(work, "pubsub.yaml", null, "\nprivacy:\n  hash: [email]\n"),
                batches);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), batches);

        assertThat(with.stdout()).as("what the client returned, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly("r-1 published m-1", "r-2 published m-2", "r-3 published m-3",
                "r-4 InvalidArgumentException: INVALID_ARGUMENT The attribute key 'googclient_origin' is reserved: keys must not start with 'goog'.",
                "r-5 InvalidArgumentException: INVALID_ARGUMENT The attribute key 'googclient_origin' is reserved: keys must not start with 'goog'.",
                "r-6 published m-4");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly("r-1 added succeeded null #1",
                "r-2 added succeeded null #1", "r-3 added succeeded null #1", "r-4 added failed " + REFUSED + " #1",
                "r-5 added failed " + REFUSED + " #1", "r-6 added succeeded null #1");
        assertThat(events.rows.get(0).fields()).isEqualTo("{\"data\":\"eyJyb3ciOiJyLTEifQ==\",\"attributes\":"
                + "{\"row_id\":\"r-1\",\"email\":\"" + EMAIL_HASH + "\"}}");
        assertThat(events.calls).allSatisfy(c -> assertThat(c.url()).isEqualTo("java:com.google.cloud.pubsub.v1.TopicAdminClient#publish"));
        assertThat(events.calls).extracting(c -> c.endpoint() + " " + c.error())
                .containsExactly("pubsub-publish null", "pubsub-publish " + REFUSED, "pubsub-publish null");
    }

    /**
     * Twelve messages through the real Publisher, 5 a batch: r-1..r-5 accepted (the stand-in answers them only once the
     * next batch's futures completed), r-6..r-10 refused because r-8 holds a reserved key, r-11 and r-12 flushed as a
     * batch of two whose first attempt is answered UNAVAILABLE and which the Publisher retries.
     */
    @Test
    void eachPublishedMessageIsACallRecordedWhenItsFutureCompletes() throws Exception {
        String[] groups = {"publisher", "r-1,r-2,r-3,r-4,r-5,r-6,r-7,reserved:r-8,r-9,r-10", "r-11,retried:r-12"};
        AgentProcess.Result with = run(WorkedExamples.withConfig(work, "pubsub-publisher.yaml", null, ""), groups);
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), groups);

        assertThat(with.stdout()).as("what the client returned, with and without the agent").isEqualTo(without.stdout());
        String refusedLine = " InvalidArgumentException: INVALID_ARGUMENT The attribute key 'googclient_origin' is reserved:"
                + " keys must not start with 'goog'.";
        assertThat(with.stdout().lines()).containsExactly("r-1 published m-1", "r-2 published m-2", "r-3 published m-3",
                "r-4 published m-4", "r-5 published m-5", "r-6" + refusedLine, "r-7" + refusedLine, "r-8" + refusedLine,
                "r-9" + refusedLine, "r-10" + refusedLine, "stand-in: UNAVAILABLE to a batch of 2", "r-11 published m-6",
                "r-12 published m-7");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));
        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        // In the order the futures completed: the refused batch's before the first batch's, which the stand-in held
        // until then; a call recorded as its publish returned would come first, and succeeded.
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "r-6 added failed " + REFUSED + " #1", "r-7 added failed " + REFUSED + " #1",
                "r-8 added failed " + REFUSED + " #1", "r-9 added failed " + REFUSED + " #1",
                "r-10 added failed " + REFUSED + " #1",
                "r-1 added succeeded null #1", "r-2 added succeeded null #1", "r-3 added succeeded null #1",
                "r-4 added succeeded null #1", "r-5 added succeeded null #1",
                "r-11 added succeeded null #1", "r-12 added succeeded null #1");
        assertThat(events.rows.get(0).fields()).isEqualTo("{\"data\":\"eyJyb3ciOiJyLTYifQ==\",\"attributes\":"
                + "{\"row_id\":\"r-6\",\"email\":\"r-6@example.com\"}}");
        assertThat(events.calls).hasSize(12).allSatisfy(c -> assertThat(c.url())
                .isEqualTo("java:com.google.cloud.pubsub.v1.Publisher#publish"));
        assertThat(events.calls).extracting(c -> c.rowsSucceeded() + c.rowsFailed()).containsOnly(1);
    }

    private AgentProcess.Result run(AgentProcess process, String... args) throws Exception {
        return LibraryVersions.onClassPath(process, "pubsub", System.getProperty("synclog.pubsub.version"))
                .run(work, PubSubApp.class, args).assertOk();
    }
}
