package dev.synclog.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app {@link LoadThroughputBenchmark} forks: {@code threads} threads post batches of {@code rows} new rows to
 * the example's loopback destinations as fast as the destinations answer, the even-numbered threads contacts to
 * the CRM's batch upsert over {@code java.net.http}, the odd-numbered ones members to the audience's
 * {@code members:add} over {@code HttpURLConnection}, with the bodies the example service sends. A warm-up phase,
 * then the measured phase. Prints
 * {@code LOAD calls=C rows=R nanos=N cpu_nanos=P} for the measured phase (P: the process's CPU over it, all
 * threads) and {@code SENT rows=R failed_calls=F} over both phases. Row ids are {@code L<thread>-<call>-<k>},
 * unique in the process. JDK classes only: it runs from a class directory of its own.
 * Args: crmUrl audienceUrl token threads rowsPerCall warmupSeconds seconds
 */
public final class LoadApp {
    private static final String UPSERT_PATH = "/crm/v3/objects/contacts/batch/upsert";
    private static final String AUDIENCE_ADD_PATH = "/v1/audiences/newsletter/members:add";

    private final URI crm;
    private final URI audience;
    private final String authorization;
    private final int rowsPerCall;
    private final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong[] callsByThread;
    private final AtomicLong failedCalls = new AtomicLong();

    private LoadApp(URI crm, URI audience, String token, int threads, int rowsPerCall) {
        this.crm = crm.resolve(UPSERT_PATH);
        this.audience = audience.resolve(AUDIENCE_ADD_PATH);
        this.authorization = "Bearer " + token;
        this.rowsPerCall = rowsPerCall;
        callsByThread = new AtomicLong[threads];
        for (int t = 0; t < threads; t++) {
            callsByThread[t] = new AtomicLong();
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[3]);
        // HttpURLConnection keeps 5 idle connections per host by default; its threads would otherwise open a new
        // connection for most calls, which a pooled service does not do (java.net.http's pool has no such limit).
        System.setProperty("http.maxConnections", Integer.toString(threads));
        LoadApp app = new LoadApp(URI.create(args[0]), URI.create(args[1]), args[2], threads, Integer.parseInt(args[4]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            app.phase(pool, TimeUnit.SECONDS.toNanos(Long.parseLong(args[5])));
            long callsBefore = app.calls();
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            app.phase(pool, TimeUnit.SECONDS.toNanos(Long.parseLong(args[6])));
            long nanos = System.nanoTime() - start;
            long cpuNanos = processCpuNanos() - cpuBefore;
            long calls = app.calls() - callsBefore;
            System.out.println("LOAD calls=" + calls + " rows=" + calls * app.rowsPerCall + " nanos=" + nanos
                    + " cpu_nanos=" + cpuNanos);
            System.out.println("SENT rows=" + app.calls() * app.rowsPerCall + " failed_calls=" + app.failedCalls.get());
        } finally {
            pool.shutdown();
        }
    }

    /** Every thread calls until {@code nanos} have passed; returns when all have finished their last call. */
    private void phase(ExecutorService pool, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        CountDownLatch done = new CountDownLatch(callsByThread.length);
        for (int t = 0; t < callsByThread.length; t++) {
            int thread = t;
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        call(thread, callsByThread[thread].getAndIncrement());
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    private void call(int thread, long call) {
        try {
            int status = thread % 2 == 0 ? upsertContacts(thread, call) : addMembers(thread, call);
            if (status != 200) {
                throw new IllegalStateException("HTTP " + status);
            }
        } catch (Exception e) {
            // Counted, and the benchmark fails on any: a failed call would make a variant look faster.
            if (failedCalls.getAndIncrement() == 0) {
                System.out.println("FAILED thread " + thread + " call " + call + ": " + e);
            }
        }
    }

    private int upsertContacts(int thread, long call) throws Exception {
        StringBuilder body = new StringBuilder(200 * rowsPerCall).append("{\"inputs\":[");
        for (int k = 0; k < rowsPerCall; k++) {
            String id = "L" + thread + "-" + call + "-" + k;
            body.append(k == 0 ? "" : ",").append("{\"idProperty\":\"contact_id\",\"id\":\"").append(id)
                    .append("\",\"properties\":{\"email\":\"").append(id.toLowerCase())
                    .append("@example.com\",\"firstname\":\"Ada\",\"lastname\":\"Lovelace\",\"plan\":\"pro\",\"age\":\"42\","
                            + "\"in_audience\":\"false\"}}");
        }
        HttpResponse<byte[]> response = httpClient.send(HttpRequest.newBuilder(crm)
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode();
    }

    private int addMembers(int thread, long call) throws Exception {
        StringBuilder body = new StringBuilder(60 * rowsPerCall).append("{\"members\":[");
        for (int k = 0; k < rowsPerCall; k++) {
            String id = "L" + thread + "-" + call + "-" + k;
            body.append(k == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"email\":\"")
                    .append(id.toLowerCase()).append("@example.com\"}");
        }
        HttpURLConnection connection = (HttpURLConnection) audience.toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Authorization", authorization);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    private long calls() {
        long sum = 0;
        for (AtomicLong n : callsByThread) {
            sum += n.get();
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
