package dev.synclog.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.synclog.agent.it.apps.KafkaApp;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.RunFinished;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's producer against a real broker: {@code KafkaProducer.send(record, callback)} reports each record's outcome
 * to its callback, on the producer's I/O thread, and returns a future that cannot be listened to. With
 * {@code response.callback_argument} each record is one call, recorded once, when the broker answered it: acknowledged
 * rows succeed, a record the broker refuses as too large and one for a topic that does not exist fail with Kafka's
 * exception, one sent after {@code close} fails with what {@code send} threw, and rows sent with {@code send(record)}
 * (no callback) are recorded too. The app sees the same callbacks, threads and results as without the agent. The
 * config is docs/configuration.md's worked example, as it is.
 */
class KafkaIT {
    private static final String VERSION = System.getProperty("synclog.kafka.version");
    private static final String TOO_LARGE = "org.apache.kafka.common.errors.RecordTooLargeException: The request"
            + " included a message larger than the max message size the server will accept.";
    private static final String NO_TOPIC = "org.apache.kafka.common.errors.TimeoutException: Topic no-such-topic not"
            + " present in metadata after 1500 ms.";
    private static final String CLOSED = "java.lang.IllegalStateException: Cannot perform operation after producer has"
            + " been closed";
    private static final String IO_THREAD = "kafka-producer-network-thread | producer-1";

    @TempDir
    static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(brokerDir, VERSION);
        for (String topic : new String[] {"rows-with-agent", "rows-without-agent"}) {
            broker.createTopic(topic, Map.of("max.message.bytes", "1024"));
        }
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    private AgentProcess.Result run(AgentProcess process, String topic) throws Exception {
        return LibraryVersions.onClassPath(process, "kafka-clients", VERSION)
                .run(work, KafkaApp.class, broker.bootstrap(), topic).assertOk();
    }

    @Test
    void eachRecordIsOneRowRecordedOnceWithTheOutcomeTheBrokerGave() throws Exception {
        AgentProcess.Result with = run(WorkedExamples.withConfig(work, "kafka-producer.yaml", null, ""), "rows-with-agent");
        AgentProcess.Result without = run(AgentProcess.withoutAgent(), "rows-without-agent");

        assertThat(with.stdout()).as("what the app saw, with and without the agent").isEqualTo(without.stdout());
        assertThat(with.stdout().lines()).containsExactly(
                "row-5 without a callback: partition 0",
                "after-close threw: " + CLOSED,
                "row-1: partition 0 on " + IO_THREAD, "row-2: partition 0 on " + IO_THREAD,
                "row-3: partition 0 on " + IO_THREAD, "row-4: partition 0 on " + IO_THREAD,
                "too-large: " + TOO_LARGE + " on " + IO_THREAD,
                "lost-topic: " + NO_TOPIC + " on main");
        assertThat(with.agentLines()).singleElement().satisfies(l -> assertThat(l).startsWith("synclog: agent "));

        RecordedEvents events = RecordedEvents.read(work.resolve("queue"));
        assertThat(events.rows).extracting(RecordedEvents::outcome).containsExactly(
                "row-1 upsert succeeded null #1", "row-2 upsert succeeded null #1", "row-3 upsert succeeded null #1",
                "row-4 upsert succeeded null #1", "row-5 upsert succeeded null #1",
                "too-large upsert failed " + TOO_LARGE + " #1",
                "lost-topic upsert failed " + NO_TOPIC + " #1",
                "after-close upsert failed " + CLOSED + " #1");
        assertThat(events.rows.get(0).fields()).isEqualTo("\"{\\\"email\\\":\\\"user1@example.com\\\"}\"");
        assertThat(events.calls).extracting(CallCompleted::url)
                .containsOnly("java:org.apache.kafka.clients.producer.KafkaProducer#send");
        assertThat(events.runsFinished).extracting(RunFinished::status).containsExactly("succeeded");
    }
}
