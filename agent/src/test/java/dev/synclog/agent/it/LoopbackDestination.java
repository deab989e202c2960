package dev.synclog.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A destination API on 127.0.0.1 that answers each path with a scripted response; closes with the test. HTTP/1.1 (the
 * JDK's server), over TLS ({@link #https}) or not, or HTTP/2 over TLS ({@link #h2}) or in cleartext ({@link #h2c}).
 */
final class LoopbackDestination implements AutoCloseable {
    /** The JDK's server, or null when {@link #h2} serves. */
    private final HttpServer server;
    private final H2Server h2Server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, Headers> lastHeaders = new ConcurrentHashMap<>();

    private final String scheme;

    LoopbackDestination() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64), "http");
    }

    private LoopbackDestination(HttpServer server, String scheme) {
        this.server = server;
        this.h2Server = null;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private LoopbackDestination(KeyManagerFactory keys) throws Exception {
        this.server = null;
        this.scheme = keys == null ? "http" : "https";
        this.h2Server = new H2Server(keys, this::answer);
    }

    /**
     * Over TLS, for SDKs that only speak https, with a self-signed certificate for 127.0.0.1 that JDK's keytool makes
     * in {@code dir}; the app trusts it with {@link #trustOptions(Path)}.
     */
    static LoopbackDestination https(Path dir) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers(dir).getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new LoopbackDestination(server, "https");
    }

    /**
     * HTTP/2 over TLS, h2 negotiated in ALPN (the only protocol offered), with {@link #https}'s certificate: the app
     * trusts it with {@link #trustOptions(Path)}. Each stream is one exchange, answered as over HTTP/1.1.
     */
    static LoopbackDestination h2(Path dir) throws Exception {
        return new LoopbackDestination(keyManagers(dir));
    }

    /**
     * HTTP/2 in cleartext (h2c) on an http URL: a client may start with the connection preface (prior knowledge) or
     * ask to upgrade its first HTTP/1.1 request; a request that stays HTTP/1.1 is answered 505.
     */
    static LoopbackDestination h2c() throws Exception {
        return new LoopbackDestination((KeyManagerFactory) null);
    }

    private static KeyManagerFactory keyManagers(Path dir) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore(dir))) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD.toCharArray());
        return keyManagers;
    }

    /** The JVM options that make an app trust {@link #https(Path)}'s certificate. */
    static List<String> trustOptions(Path dir) {
        return List.of("-Djavax.net.ssl.trustStore=" + dir.resolve(KEY_STORE), "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD);
    }

    private static final String KEY_STORE = "loopback-tls.p12";
    private static final String STORE_PASSWORD = "loopback";

    private static Path keyStore(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(KEY_STORE);
        if (!Files.exists(keyStore)) {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "loopback", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IOException("keytool could not make the loopback certificate: " + output);
            }
        }
        return keyStore;
    }

    /**
     * A destination that holds its answer: tells {@code received} when a request has come whole, then answers once
     * {@code release} opens (60 s at most), while the test kills or stops the app.
     */
    static Responder heldUntil(CountDownLatch release, Runnable received, Response answer) {
        return (request, attempt) -> {
            received.run();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        };
    }

    LoopbackDestination on(String path, Responder responder) {
        responders.put(path, responder);
        return this;
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + (server != null ? server.getAddress().getPort() : h2Server.port()) + path;
    }

    /** A loopback port nothing listens on (bound, then released), for refused connections. */
    static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** A header of the last request to {@code path}, or null. */
    String lastHeader(String path, String name) {
        Headers headers = lastHeaders.get(path);
        return headers == null ? null : headers.getFirst(name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Response response = answer(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
                exchange.getRequestBody().readAllBytes());
        exchange.getResponseHeaders().add("Content-Type", response.contentType());
        response.headers().forEach(exchange.getResponseHeaders()::add);
        if (response.cut() != Cut.NONE) {
            if (response.cut() == Cut.MID_BODY) {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                exchange.getResponseBody().write(response.body(), 0, response.body().length / 2);
                exchange.getResponseBody().flush();
            }
            // The JDK's server closes the connection of an exchange whose handler throws.
            throw new IOException("cut off " + response.cut() + ", as scripted");
        }
        if (response.body().length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
        } else {
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
        exchange.close();
    }

    /** Counts the attempt and answers with the path's responder (404 for a path without one). */
    private Response answer(String path, Headers headers, byte[] request) throws IOException {
        lastHeaders.put(path, headers);
        int attempt = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Responder responder = responders.get(path);
        return responder == null ? new Response(404, "text/plain", "no route".getBytes()) : responder.respond(request, attempt);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        } else {
            h2Server.close();
        }
        executor.shutdownNow();
    }

    interface Responder {
        Response respond(byte[] requestBody, int attempt) throws IOException;
    }

    /** Where a response stops short: not at all, before its head (the stream reset or the connection closed at once), or mid-body. */
    enum Cut { NONE, BEFORE_HEAD, MID_BODY }

    /**
     * @param headers more response headers, besides Content-Type (and the framing the server adds)
     * @param cut     where the response stops short, the stream then reset (HTTP/2) or the connection closed
     */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers, Cut cut) {
        Response(int status, String contentType, byte[] body, Map<String, String> headers) {
            this(status, contentType, body, headers, Cut.NONE);
        }

        Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        /** This response cut off: its headers and half its body, then the stream reset or the connection closed. */
        Response cutOffMidBody() {
            return new Response(status, contentType, body, headers, Cut.MID_BODY);
        }

        /** This response never sent: the stream reset, or the connection closed, before its head. */
        Response cutOffBeforeHead() {
            return new Response(status, contentType, body, headers, Cut.BEFORE_HEAD);
        }

        /** A redirect to {@code location}, without a body. */
        static Response redirect(int status, String location) {
            return new Response(status, "text/plain", new byte[0], Map.of("Location", location));
        }

        static Response json(int status, String json) {
            return new Response(status, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, more, cut);
        }
    }
}
