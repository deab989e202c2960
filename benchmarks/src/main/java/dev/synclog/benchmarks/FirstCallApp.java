package dev.synclog.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The app {@link StartupBenchmark} starts, with and without the agent: one destination call, then how long the
 * JVM had been up when that call returned, its peak resident memory and the CPU time all its threads had used
 * (compilers and the agent's background threads included). JDK classes only, so it runs from a
 * directory of its own, apart from the benchmark's class path.
 */
public final class FirstCallApp {
    public static void main(String[] args) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0]))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"members\":[{\"id\":\"C1\",\"email\":\"a@example.com\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long upMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.out.println("FIRST_CALL status=" + response.statusCode() + " up_ms=" + upMillis + " peak_rss_kb=" + peakRssKb()
                + " cpu_ms=" + cpuMillis);
    }

    /** VmHWM from /proc/self/status: the most resident memory the process had; -1 where there is no /proc. */
    private static long peakRssKb() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
