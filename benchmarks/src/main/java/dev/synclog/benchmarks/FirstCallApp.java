package dev.synclog.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The app {@link StartupBenchmark} starts, with and without the agent: one destination call, then how long the
 * JVM had been up when that call returned, its peak resident memory and the CPU time all its threads had used
 * (compilers and the agent's background threads included), and of that the app's own thread's and the JIT
 * compilers'. JDK classes only, so it runs from a directory of its own, apart from the benchmark's class path.
 */
public final class FirstCallApp {
    public static void main(String[] args) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(args[0]))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"members\":[{\"id\":\"C1\",\"email\":\"a@example.com\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long appThreadCpuMillis = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
        long upMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.out.println("FIRST_CALL status=" + response.statusCode() + " up_ms=" + upMillis + " peak_rss_kb=" + peakRssKb()
                + " cpu_ms=" + cpuMillis + " app_thread_cpu_ms=" + appThreadCpuMillis + " jit_cpu_ms=" + compilerCpuMillis());
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

    /**
     * User + system time of HotSpot's compiler threads ("C1 CompilerThre…", "C2 CompilerThre…" in
     * /proc/self/task/TID/stat, in clock ticks of 10 ms); -1 where there is no /proc.
     */
    private static long compilerCpuMillis() throws Exception {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    // The thread ended since the listing (no such file) or during the read (no such process): HotSpot
                    // stops idle compiler threads, as often happens on Java 25.
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    // After the name: state, then 10 fields before utime and stime (fields 14 and 15 of proc(5)).
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        }
        return ticks * 10;
    }
}
