package dev.synclog.agent.it;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker, as its own JVM on the jars the pom copies to {@code app-libs/kafka-broker-<version>}: KRaft
 * mode, one process both broker and controller, listening on 127.0.0.1 ports picked free, topics created only on
 * request ({@code auto.create.topics.enable=false}). Its storage is formatted, then it is started and waited for
 * (bounded, failing with its own output), and {@link #close} stops it.
 */
final class KafkaBroker implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 90;
    /** Any fixed id does: the storage is formatted for it, fresh for each broker. */
    private static final String CLUSTER_ID = "c2VxLXN5bmNsb2ctdGVzdA";

    private final Process process;
    private final Path log;
    private final String bootstrap;

    private KafkaBroker(Process process, Path log, String bootstrap) {
        this.process = process;
        this.log = log;
        this.bootstrap = bootstrap;
    }

    static KafkaBroker start(Path dir, String version) throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path properties = Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        String classPath = String.join(File.pathSeparator, LibraryVersions.jars("kafka-broker", version).stream()
                .map(jar -> jar.toAbsolutePath().toString()).toList());
        Path log = dir.resolve("broker.log");
        Process format = java(classPath, log, "kafka.tools.StorageTool", "format", "-t", CLUSTER_ID, "-c",
                properties.toString());
        if (!format.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new AssertionError("formatting the Kafka broker's storage failed:\n" + Files.readString(log));
        }
        KafkaBroker broker = new KafkaBroker(java(classPath, log, "kafka.Kafka", properties.toString()), log,
                "127.0.0.1:" + brokerPort);
        try {
            broker.awaitListening(brokerPort);
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Creates a topic of one partition; {@code config}: its topic-level settings ({@code max.message.bytes}). */
    void createTopic(String name, Map<String, String> config) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(config))).all()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("the Kafka broker exited " + process.exitValue() + " while starting:\n"
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the Kafka broker was not listening on 127.0.0.1:" + port + " after "
                            + START_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
                }
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process java(String classPath, Path log, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classPath, main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
