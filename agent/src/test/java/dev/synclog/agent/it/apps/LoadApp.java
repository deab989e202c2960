package dev.synclog.agent.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code threads} threads post two members per call to {@code url} as fast as they can: a warm-up phase, then the
 * measured phase. Prints each thread's call count ({@code CALLS t n}: its rows are {@code t-i-a} and {@code t-i-b}
 * for i below n), the measured phase's rate, and the heap after a full GC and the threads other than the HTTP
 * client's own pool, both after warm-up and after the load. Args: client(jdk|urlconn) url threads warmupSeconds seconds
 */
public final class LoadApp {
    public static void main(String[] args) throws Exception {
        String client = args[0];
        URI uri = URI.create(args[1]);
        int threads = Integer.parseInt(args[2]);
        long warmupMillis = Long.parseLong(args[3]) * 1000;
        long loadMillis = Long.parseLong(args[4]) * 1000;
        HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger[] calls = new AtomicInteger[threads];
        for (int t = 0; t < threads; t++) {
            calls[t] = new AtomicInteger();
        }
        phase(pool, threads, calls, client, httpClient, uri, warmupMillis);
        long heapBefore = heapAfterGc();
        List<String> threadsBefore = threadNames();
        int callsBefore = total(calls);
        long start = System.nanoTime();
        phase(pool, threads, calls, client, httpClient, uri, loadMillis);
        double seconds = (System.nanoTime() - start) / 1e9;
        int measured = total(calls) - callsBefore;
        // Let the agent's writer drain what the load handed it before reading the heap.
        Thread.sleep(1000);
        long heapAfter = heapAfterGc();
        List<String> threadsAfter = threadNames();
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        for (int t = 0; t < threads; t++) {
            System.out.println("CALLS " + t + " " + calls[t].get());
        }
        System.out.printf("RATE %d calls in %.1f s: %.0f calls/s, %.0f rows/s%n", measured, seconds, measured / seconds, 2 * measured / seconds);
        System.out.println("HEAP " + heapBefore + " " + heapAfter);
        System.out.println("THREADS BEFORE " + threadsBefore);
        System.out.println("THREADS AFTER " + threadsAfter);
    }

    private static void phase(ExecutorService pool, int threads, AtomicInteger[] calls, String client, HttpClient httpClient,
                              URI uri, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        int i = calls[thread].getAndIncrement();
                        byte[] body = ("{\"members\":[{\"id\":\"" + thread + "-" + i + "-a\"},{\"id\":\"" + thread + "-" + i + "-b\"}]}")
                                .getBytes(StandardCharsets.UTF_8);
                        try {
                            send(client, httpClient, uri, body);
                        } catch (Exception e) {
                            System.out.println("ERROR " + e);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    private static void send(String client, HttpClient httpClient, URI uri, byte[] body) throws Exception {
        if (client.equals("jdk")) {
            httpClient.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return;
        }
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
    }

    private static int total(AtomicInteger[] calls) {
        int sum = 0;
        for (AtomicInteger n : calls) {
            sum += n.get();
        }
        return sum;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live threads by name, without the JDK's on-demand ones (HTTP client pool, keep-alive timer, attach listener). */
    private static List<String> threadNames() {
        TreeMap<String, Integer> names = new TreeMap<>();
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("HttpClient-") && !n.startsWith("Keep-Alive-") && !n.equals("Attach Listener"))
                .forEach(n -> names.merge(n.replaceAll("\\d+", "#"), 1, Integer::sum));
        List<String> out = new ArrayList<>();
        names.forEach((name, count) -> out.add(name + "x" + count));
        return out;
    }
}
