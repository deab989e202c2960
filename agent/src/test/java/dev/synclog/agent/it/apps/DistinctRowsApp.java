package dev.synclog.agent.it.apps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/**
 * A service that sends new rows all day, in one process-life run: call n posts again the first {@code retriesPerCall}
 * members of call {@code n - retryLag}, then {@code rowsPerCall} new members {@code r<n * rowsPerCall + i>}.
 * Prints the heap after a full GC once the warm-up calls are written and again after the rest ({@code HEAP before
 * after}), each read when the agent's writer has gone idle, so that what it holds for the rows is in the reading.
 * Args: url warmupCalls calls rowsPerCall retriesPerCall retryLag
 */
public final class DistinctRowsApp {
    private static final String WRITER_THREAD = "synclog-writer";

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int warmupCalls = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        int rowsPerCall = Integer.parseInt(args[3]);
        int retriesPerCall = Integer.parseInt(args[4]);
        int retryLag = Integer.parseInt(args[5]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long heapBefore = 0;
        long start = System.nanoTime();
        for (int n = 0; n < calls; n++) {
            if (n == warmupCalls) {
                heapBefore = heapOnceWriterIdle();
            }
            StringBuilder body = new StringBuilder("{\"members\":[");
            for (int i = 0; n >= retryLag && i < retriesPerCall; i++) {
                body.append("{\"id\":\"r").append((long) (n - retryLag) * rowsPerCall + i).append("\"},");
            }
            for (int i = 0; i < rowsPerCall; i++) {
                body.append(i == 0 ? "" : ",").append("{\"id\":\"r").append((long) n * rowsPerCall + i).append("\"}");
            }
            body.append("]}");
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("call " + n + " answered " + response.statusCode());
            }
        }
        long sent = System.nanoTime();
        long heapAfter = heapOnceWriterIdle();
        System.out.printf("HEAP %d %d (calls %.1f s, writer idle after %.1f s more)%n", heapBefore, heapAfter,
                (sent - start) / 1e9, (System.nanoTime() - sent) / 1e9);
    }

    private static long heapOnceWriterIdle() throws InterruptedException {
        writerIdle();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Until the agent's writer used under 5 ms of CPU in each of three quarter seconds in a row: done with what was
     * handed to it (a writer with work gets far more than that of a core, even on a crowded machine). At most 60 s.
     */
    private static void writerIdle() throws InterruptedException {
        Thread writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WRITER_THREAD))
                .findFirst().orElse(null);
        if (writer == null) {
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = threads.getThreadCpuTime(writer.getId());
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = threads.getThreadCpuTime(writer.getId());
            quiet = now - last < TimeUnit.MILLISECONDS.toNanos(5) ? quiet + 1 : 0;
            last = now;
        }
    }
}
