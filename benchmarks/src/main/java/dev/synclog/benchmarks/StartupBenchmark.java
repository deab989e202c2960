package dev.synclog.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Start-up cost of the agent: JVM start to the first captured call returning, peak RSS and CPU time used by then,
 * for the same one-call app with and without {@code -javaagent}, alternating in one invocation so both see the same
 * machine. Prints the medians and the differences. The CPU time moves less than the wall time when other processes
 * compete for the cores; of it, the app's own thread's (premain runs on it) and the JIT compilers' are printed apart,
 * the rest being the agent's background threads and the JVM's. Args: {@code [pairs] [agent jar]} (defaults 7, agent/target/synclog.jar).
 */
public final class StartupBenchmark {
    private static final Pattern RESULT = Pattern.compile("FIRST_CALL status=200 up_ms=(\\d+) peak_rss_kb=(-?\\d+) cpu_ms=(-?\\d+)"
            + " app_thread_cpu_ms=(-?\\d+) jit_cpu_ms=(-?\\d+)");

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path agent = Path.of(args.length > 1 ? args[1] : "agent/target/synclog.jar").toAbsolutePath();
        System.out.println(run(pairs, agent));
    }

    static Summary run(int pairs, Path agent) throws Exception {
        if (!Files.isRegularFile(agent)) {
            throw new IllegalArgumentException("no agent jar at " + agent + ": build it with mvn -DskipTests package");
        }
        WorkDirectory scratch = new WorkDirectory("synclog-startup");
        Path work = scratch.path();
        Path appClasses = Forked.appClasses(FirstCallApp.class, work);
        HttpServer destination = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        destination.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"results\":[{\"ok\":true}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        destination.start();
        try {
            String url = "http://127.0.0.1:" + destination.getAddress().getPort() + "/v1/audiences/news/members:add";
            Path config = Files.writeString(work.resolve("synclog.yaml"), """
                    sync: {sync_id: startup}
                    queue: {dir: "%s"}
                    endpoints:
                      - name: audience-add
                        match: {host: 127.0.0.1, method: POST, path: "/v1/audiences/{audience}/members:add"}
                        request: {rows: /members, row_id: /id, op: added}
                        response: {outcome: index_aligned, items: /results, success: /ok}
                    """.formatted(work.resolve("queue")));
            List<long[]> without = new ArrayList<>();
            List<long[]> with = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                // Alternate which goes first, so a drift in the machine's state weighs on both alike.
                if (i % 2 == 0) {
                    without.add(firstCall(appClasses, null, url));
                    with.add(firstCall(appClasses, "-javaagent:" + agent + "=config=" + config, url));
                } else {
                    with.add(firstCall(appClasses, "-javaagent:" + agent + "=config=" + config, url));
                    without.add(firstCall(appClasses, null, url));
                }
            }
            if (!Files.exists(work.resolve("queue").resolve("synclog-source-id"))) {
                throw new IllegalStateException("the agent wrote no queue: the runs 'with' did not capture");
            }
            return new Summary(pairs, median(without, 0), median(with, 0), median(without, 1), median(with, 1),
                    median(without, 2), median(with, 2), median(without, 3), median(with, 3), median(without, 4), median(with, 4));
        } finally {
            destination.stop(0);
            scratch.close();
        }
    }

    private static long[] firstCall(Path appClasses, String agentOption, String url) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agentOption != null) {
            command.add(agentOption);
        }
        command.addAll(List.of("-cp", appClasses.toString(), FirstCallApp.class.getName(), url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the app did not finish in 60 s: " + command);
        }
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("the app's first call failed:\n" + output);
        }
        long[] values = new long[5];
        for (int i = 0; i < values.length; i++) {
            values[i] = Long.parseLong(m.group(i + 1));
        }
        return values;
    }

    private static long median(List<long[]> runs, int field) {
        List<Long> values = new ArrayList<>();
        runs.forEach(r -> values.add(r[field]));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    record Summary(int pairs, long withoutMillis, long withMillis, long withoutRssKb, long withRssKb,
                   long withoutCpuMillis, long withCpuMillis, long withoutAppThreadCpuMillis, long withAppThreadCpuMillis,
                   long withoutJitCpuMillis, long withJitCpuMillis) {
        @Override
        public String toString() {
            return String.format("JVM start to first captured call, median of %d alternating pairs: without the agent %d ms,"
                            + " with it %d ms (+%d ms)%npeak RSS: without %d MiB, with %d MiB (+%d MiB)"
                            + "%nCPU time used by then (all threads): without %d ms, with %d ms (+%d ms)"
                            + "%n  of which the app's thread (premain included): without %d ms, with %d ms (+%d ms);"
                            + " the JIT compilers: without %d ms, with %d ms (+%d ms)",
                    pairs, withoutMillis, withMillis, withMillis - withoutMillis,
                    withoutRssKb / 1024, withRssKb / 1024, (withRssKb - withoutRssKb) / 1024,
                    withoutCpuMillis, withCpuMillis, withCpuMillis - withoutCpuMillis,
                    withoutAppThreadCpuMillis, withAppThreadCpuMillis, withAppThreadCpuMillis - withoutAppThreadCpuMillis,
                    withoutJitCpuMillis, withJitCpuMillis, withJitCpuMillis - withoutJitCpuMillis);
        }
    }
}
