package dev.synclog.benchmarks;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The example's CRM and audience servers in a process of their own, so their CPU is not counted as the app's:
 * no injected faults, no ground truth kept (it grows with every row), answers at once unless given a latency. Stops
 * with the benchmark, or with its stdin.
 */
final class DestinationProcess implements AutoCloseable {
    private final Process process;
    private final Path portFile;

    DestinationProcess(Repository repository, Path work) throws Exception {
        this(repository, work, 0);
    }

    /** @param latencyMillis how long the servers hold each answer */
    DestinationProcess(Repository repository, Path work, int latencyMillis) throws Exception {
        portFile = work.resolve("destinations.properties");
        Path log = work.resolve("destinations.log");
        process = Forked.start(Forked.java(List.of("-cp", repository.exampleJar().toString(),
                "dev.synclog.example.destinations.DestinationServers", "--port-file", portFile.toString(),
                "--latency", Integer.toString(latencyMillis), "--no-faults", "--no-ground-truth", "--exit-on-stdin-close")),
                log);
        try {
            Forked.awaitFile(portFile, process, log, Duration.ofSeconds(60));
        } catch (Exception e) {
            Forked.stop(process);
            throw e;
        }
    }

    /** The servers' port file: {@code crm.url}, {@code audience.url}, as the example service reads it. */
    Path portFile() {
        return portFile;
    }

    String audienceUrl() throws Exception {
        return url("audience.url");
    }

    String crmUrl() throws Exception {
        return url("crm.url");
    }

    private String url(String key) throws Exception {
        Properties urls = new Properties();
        try (InputStream in = Files.newInputStream(portFile)) {
            urls.load(in);
        }
        return urls.getProperty(key);
    }

    /** The CPU time the servers have used so far, all threads; to compare with the app's on the same cores. */
    long cpuNanos() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this system does not report the CPU time of the destination servers' process " + process.pid())).toNanos();
    }

    @Override
    public void close() throws InterruptedException {
        Forked.stop(process);
    }
}
