package dev.synclog.example.destinations;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.synclog.example.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Starts the CRM and the audience API on loopback, on ports the OS picks, and says where they are: one line
 * {@code DESTINATIONS crm.url=… audience.url=… ground-truth.url=…} on stdout and, with {@code --port-file}, the
 * same keys as a properties file (written whole or not at all, removed on stop). Stops on SIGTERM, and with
 * {@code --exit-on-stdin-close} when its stdin closes, so a parent that dies takes it along.
 */
public final class DestinationServers {
    static final String USAGE = """
            usage: java -cp synclog-example.jar dev.synclog.example.destinations.DestinationServers
                     [--port-file FILE] [--token TOKEN] [--latency MS] [--no-faults] [--no-ground-truth]
                     [--exit-on-stdin-close]
              --port-file FILE        also write crm.url, audience.url and ground-truth.url to FILE
              --token TOKEN           the bearer token both APIs require (default: demo-token)
              --latency MS            hold each answer MS milliseconds, as a real API's round trip does (default 0)
              --no-faults             no injected 429/500 in run 1 (for benchmarks)
              --no-ground-truth       keep no record of row attempts (for benchmarks: it grows with every row)
              --exit-on-stdin-close   stop when stdin reaches end of file""";

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // ~40 ms per call, which made a 500k-row run take minutes instead of seconds. Read once, when the
        // first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer crmServer;
    private final HttpServer audienceServer;
    /** Threads that answer calls; held answers each keep one, so a held server needs as many as calls come at once. */
    private static final int WORKERS = 4;
    private static final int HELD_WORKERS = 256;

    private final ExecutorService workers;

    public DestinationServers(String token, boolean faultsEnabled, boolean recordGroundTruth) throws IOException {
        this(token, faultsEnabled, recordGroundTruth, 0);
    }

    /** @param latencyMillis how long each answer is held, 0 for none */
    public DestinationServers(String token, boolean faultsEnabled, boolean recordGroundTruth, int latencyMillis)
            throws IOException {
        GroundTruth truth = new GroundTruth(recordGroundTruth);
        FaultPlan faults = new FaultPlan(faultsEnabled);
        CrmApi crm = new CrmApi(token, faults, truth);
        AudienceApi audience = new AudienceApi(token, faults, truth);
        GroundTruthApi groundTruth = new GroundTruthApi(truth);
        workers = Executors.newFixedThreadPool(latencyMillis > 0 ? HELD_WORKERS : WORKERS, namedDaemonThreads());

        crmServer = loopbackServer();
        crmServer.createContext(CrmApi.UPSERT_PATH, guarded("POST", latencyMillis, crm::upsert));
        crmServer.createContext(CrmApi.ARCHIVE_PATH, guarded("POST", latencyMillis, crm::archive));
        crmServer.createContext(GroundTruthApi.PATH, guarded(null, 0, groundTruth::handle));

        audienceServer = loopbackServer();
        audienceServer.createContext(AudienceApi.PATH_PREFIX, guarded(null, latencyMillis, audience::handle));
        audienceServer.createContext(GroundTruthApi.PATH, guarded(null, 0, groundTruth::handle));
    }

    public static void main(String[] args) throws Exception {
        CommandLine.run(args, DestinationServers::run);
    }

    private static void run(String[] args) throws Exception {
        CommandLine cli = new CommandLine(USAGE, Set.of("port-file", "token", "latency"),
                Set.of("no-faults", "no-ground-truth", "exit-on-stdin-close"), args);
        DestinationServers servers = new DestinationServers(cli.optional("token", "demo-token"), !cli.has("no-faults"),
                !cli.has("no-ground-truth"), latency(cli));
        Path portFile = cli.has("port-file") ? Path.of(cli.required("port-file")) : null;
        servers.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.stop(portFile), "destination-servers-stop"));
        if (portFile != null) {
            servers.writePortFile(portFile);
        }
        System.out.println("DESTINATIONS " + servers.urls().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        System.out.flush();
        if (cli.has("exit-on-stdin-close")) {
            drain(System.in);
            System.exit(0);
        }
        new CountDownLatch(1).await();
    }

    public void start() {
        crmServer.start();
        audienceServer.start();
    }

    /** {@code crm.url}, {@code audience.url}, {@code ground-truth.url}. */
    public Map<String, String> urls() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("crm.url", baseUrl(crmServer));
        urls.put("audience.url", baseUrl(audienceServer));
        urls.put("ground-truth.url", baseUrl(crmServer) + GroundTruthApi.PATH);
        return urls;
    }

    void writePortFile(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        urls().forEach((key, url) -> text.append(key).append('=').append(url).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void stop(Path portFile) {
        crmServer.stop(0);
        audienceServer.stop(0);
        workers.shutdownNow();
        if (portFile != null) {
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException e) {
                System.err.println("could not remove the port file " + portFile + ": " + e);
            }
        }
    }

    private HttpServer loopbackServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(workers);
        return server;
    }

    private static String baseUrl(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int latency(CommandLine cli) {
        int millis = cli.integer("latency", 0);
        if (millis < 0 || millis > 60_000) {
            throw new IllegalArgumentException("--latency takes the milliseconds each answer is held, 0 to 60000; got "
                    + millis + "\n" + USAGE);
        }
        return millis;
    }

    /**
     * Checks the method (when given) and answers a handler bug with a 500 naming it, instead of the bare
     * connection reset the JDK server gives.
     */
    private static HttpHandler guarded(String method, int latencyMillis, HttpHandler handler) {
        return exchange -> {
            try {
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                if (method != null && !method.equals(exchange.getRequestMethod())) {
                    Exchanges.send(exchange, 405, Map.of("message", "use " + method + " "
                            + exchange.getRequestURI().getPath()));
                } else {
                    handler.handle(exchange);
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("destination servers: " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " failed: " + e);
                Exchanges.send(exchange, 500, Map.of("message", "destination server bug: " + e));
            } finally {
                exchange.close();
            }
        };
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "destination-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // wait for end of file: the parent closed our stdin or died
        }
    }
}
