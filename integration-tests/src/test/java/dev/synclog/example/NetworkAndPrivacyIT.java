package dev.synclog.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;

/**
 * What leaves the processes: the agent and the exporter talk only to what the user configured (seen by a flight
 * recording of every socket read and write in their JVMs), and fields marked hash/mask/exclude never reach the
 * warehouse in clear (a raw scan of the DuckDB file's bytes, and of PostgreSQL's tables copied out as text).
 */
class NetworkAndPrivacyIT {
    private static final int ROWS = 100;
    /** Every socket read and write, whatever its duration (the default settings skip those under 20 ms). */
    private static final String SOCKET_EVENTS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\">\n"
            + "  <event name=\"jdk.SocketRead\"><setting name=\"enabled\">true</setting><setting name=\"threshold\">0 ms</setting></event>\n"
            + "  <event name=\"jdk.SocketWrite\"><setting name=\"enabled\">true</setting><setting name=\"threshold\">0 ms</setting></event>\n"
            + "</configuration>\n";
    private static final String PRIVACY = "\nprivacy:\n  hash: [email]\n  mask: [lastname]\n  exclude: [firstname]\n";

    @TempDir
    static Path dir;

    private static Set<String> destinations;
    private static String otlpPort;
    private static Set<String> serviceWithoutOtlp;
    private static Set<String> serviceWithOtlp;
    private static String postgresPort;
    private static Set<String> exporterToPostgres;
    private static Set<String> exporterToDuckDb;
    private static List<Contact> contacts;
    private static final Map<Warehouse, Warehouse.Target> targets = new EnumMap<>(Warehouse.class);
    private static final Map<Warehouse, String> stored = new EnumMap<>(Warehouse.class);
    private static String queueFiles;

    /**
     * Once for all tests here: two runs of the example service with the agent (OTLP on, then off) and privacy rules
     * added to the demo's configuration, then the exporter loading PostgreSQL and DuckDB, every JVM recorded.
     */
    @BeforeAll
    static void runEverythingRecorded() throws Exception {
        Path settings = Files.writeString(dir.resolve("sockets.jfc"), SOCKET_EVENTS);
        Path config = Files.writeString(dir.resolve("synclog-private.yaml"),
                Files.readString(JavaProcess.fromProperty("example.synclog.yaml", "synclog.yaml")) + PRIVACY);
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        collector.createContext("/v1/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        otlpPort = Integer.toString(collector.getAddress().getPort());
        try (Scenario scenario = Scenario.start(dir)) {
            scenario.prepareSource(1, ROWS);
            contacts = ContactCsv.read(scenario.source);
            destinations = destinationPorts(scenario.destinations.portFile);
            // Metrics every 100 ms: OTLP traffic while the recording runs, not only at exit when it may be over.
            serviceWithOtlp = remotes(settings, "service-otlp", recording -> SyncService.start(config, dir, scenario.queue,
                    scenario.destinations.portFile, scenario.source, List.of(recording,
                            "-Dsynclog.otel.exporter.otlp.endpoint=http://127.0.0.1:" + otlpPort,
                            "-Dsynclog.otel.metric.export.interval=100"), "--runs", "2").awaitSuccess(120));
            serviceWithoutOtlp = remotes(settings, "service", recording -> SyncService.start(config, dir, scenario.queue,
                    scenario.destinations.portFile, scenario.source, List.of(recording), "--runs", "1").awaitSuccess(120));

            queueFiles = rawBytes(scenario.queue, "");
            for (Warehouse warehouse : Warehouse.values()) {
                Warehouse.Target target = warehouse.fresh(dir);
                targets.put(warehouse, target);
                Set<String> remotes = remotes(settings, "exporter-" + warehouse,
                        recording -> ExporterSidecar.runOnce(dir, scenario.queue, target, List.of(recording)));
                if (warehouse == Warehouse.POSTGRES) {
                    exporterToPostgres = remotes;
                    postgresPort = Integer.toString(URI.create(target.url().substring("jdbc:".length())).getPort());
                    stored.put(warehouse, copiedOut(target));
                } else {
                    exporterToDuckDb = remotes;
                    // The database file and its write-ahead log.
                    stored.put(warehouse, rawBytes(dir, "warehouse.duckdb"));
                }
            }
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void theAgentConnectsOnlyToTheAppsDestinationsWithOtlpOff() {
        assertThat(serviceWithoutOtlp).as("where the service with the agent (OTLP off) connected").isNotEmpty()
                .allSatisfy(remote -> assertThat(port(remote)).isIn(destinations));
    }

    @Test
    void withOtlpOnTheAgentAlsoConnectsToTheConfiguredEndpointOnly() {
        assertThat(serviceWithOtlp).as("where the service with the agent (OTLP on) connected")
                .allSatisfy(remote -> assertThat(port(remote)).isIn(union(destinations, otlpPort)))
                .anySatisfy(remote -> assertThat(port(remote)).as("the recording sees the agent's own traffic").isEqualTo(otlpPort));
    }

    @Test
    void theExporterConnectsOnlyToItsWarehouse() {
        assertThat(exporterToPostgres).as("where the exporter loading PostgreSQL connected").isNotEmpty()
                .allSatisfy(remote -> assertThat(port(remote)).isEqualTo(postgresPort));
        assertThat(exporterToDuckDb).as("where the exporter loading an embedded DuckDB connected").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Warehouse.class)
    void hashedMaskedAndExcludedFieldsNeverReachTheWarehouseInClear(Warehouse warehouse) throws Exception {
        Warehouse.Target target = targets.get(warehouse);
        String someHash = target.lines(warehouse == Warehouse.DUCKDB
                ? "SELECT json_extract_string(fields, '$.email') FROM sync_changelog WHERE object = 'contacts' LIMIT 1"
                : "SELECT fields::json->>'email' FROM sync_changelog WHERE object = 'contacts' LIMIT 1").get(0);
        assertThat(someHash).as("an email as loaded").matches("[0-9a-f]{64}");
        assertThat(stored.get(warehouse)).as("the scan reads the stored fields (a stored hash is found)").contains(someHash);
        assertThat(protectedValuesIn(stored.get(warehouse))).as("protected values in clear in the " + warehouse + " warehouse").isEmpty();
    }

    @Test
    void hashedMaskedAndExcludedFieldsAndTheBearerTokenNeverReachTheQueueFiles() throws Exception {
        assertThat(queueFiles).as("the scan reads the recorded rows (a hashed email is found)")
                .contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(contacts.get(0).email().getBytes(StandardCharsets.UTF_8))));
        assertThat(protectedValuesIn(queueFiles)).as("protected values in clear in the queue files").isEmpty();
        assertThat(queueFiles).as("the app's Authorization header").doesNotContain(Scenario.TOKEN);
    }

    /** The emails, first and last names of the source table (those of 5 characters or more) found in {@code stored}. */
    private static List<String> protectedValuesIn(String stored) {
        List<String> found = new ArrayList<>();
        for (Contact c : contacts) {
            for (String value : List.of(c.email(), c.firstName(), c.lastName())) {
                if (value.length() >= 5 && stored.contains(value)) {
                    found.add(value);
                }
            }
        }
        return found;
    }

    /** What the process started by {@code run} read from or wrote to, as {@code address:port}, from its flight recording. */
    private static Set<String> remotes(Path settings, String name, Run run) throws Exception {
        Path recording = dir.resolve(name + ".jfr");
        run.with("-XX:StartFlightRecording:filename=" + recording + ",settings=" + settings + ",dumponexit=true");
        Set<String> remotes = new TreeSet<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().startsWith("jdk.Socket")) {
                remotes.add(event.getString("address") + ":" + event.getInt("port"));
            }
        }
        return remotes;
    }

    interface Run {
        void with(String recordingOption) throws Exception;
    }

    private static Set<String> destinationPorts(Path portFile) throws IOException {
        Properties urls = new Properties();
        try (InputStream in = Files.newInputStream(portFile)) {
            urls.load(in);
        }
        Set<String> ports = new TreeSet<>();
        urls.values().forEach(url -> ports.add(Integer.toString(URI.create(url.toString()).getPort())));
        return ports;
    }

    private static String port(String remote) {
        return remote.substring(remote.lastIndexOf(':') + 1);
    }

    private static Set<String> union(Set<String> ports, String port) {
        Set<String> all = new TreeSet<>(ports);
        all.add(port);
        return all;
    }

    /** The bytes of the files under {@code dir} whose names start with {@code prefix}, one char per byte. */
    private static String rawBytes(Path dir, String prefix) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().startsWith(prefix)).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    /** Every synclog table of the target's schema as PostgreSQL's COPY writes it out. */
    private static String copiedOut(Warehouse.Target target) throws Exception {
        StringWriter out = new StringWriter();
        try (Connection c = DriverManager.getConnection(target.url())) {
            for (String table : List.of("sync_changelog", "sync_snapshot", "sync_runs")) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + target.schema() + "." + table + " TO STDOUT", out);
            }
        }
        return out.toString();
    }
}
