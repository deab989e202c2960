package dev.synclog.agent.it.apps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A sync service writing rows to Kafka with the real producer: rows sent with a callback, rows sent with
 * {@code send(record)} and no callback, a row over the topic's {@code max.message.bytes} (the broker refuses it), a
 * row to a topic that does not exist (the producer gives up waiting for it and calls back at once), and a row sent
 * after the producer is closed (it throws). Prints what each callback got, on which thread, and what the app saw.
 * Arguments: the bootstrap address and the topic.
 */
public final class KafkaApp {
    private static final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String topic = args[1];
        KafkaProducer<String, String> producer = new KafkaProducer<>(properties);
        for (int i = 1; i <= 4; i++) {
            producer.send(row(topic, "row-" + i, "{\"email\":\"user" + i + "@example.com\"}"), heard("row-" + i));
        }
        Future<RecordMetadata> withoutCallback = producer.send(row(topic, "row-5", "{\"email\":\"user5@example.com\"}"));
        producer.flush();
        System.out.println("row-5 without a callback: partition " + withoutCallback.get().partition());

        producer.send(row(topic, "too-large", "x".repeat(4000)), heard("too-large"));
        producer.flush();
        // A producer of its own, which waits 1.5 s for a topic's metadata: the other keeps the default (a minute), which a
        // loaded machine may need for the first send to a topic just created.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
        try (KafkaProducer<String, String> impatient = new KafkaProducer<>(properties)) {
            impatient.send(row("no-such-topic", "lost-topic", "{}"), heard("lost-topic"));
        }
        producer.close();
        try {
            producer.send(row(topic, "after-close", "{}"), heard("after-close"));
        } catch (IllegalStateException e) {
            System.out.println("after-close threw: " + e);
        }
        heard.forEach(System.out::println);
    }

    private static ProducerRecord<String, String> row(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value);
    }

    private static Callback heard(String key) {
        return (metadata, exception) -> heard.add(key + (exception == null ? ": partition " + metadata.partition()
                : ": " + exception) + " on " + Thread.currentThread().getName());
    }
}
