package dev.synclog.exporter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.synclog.exporter.metrics.ExporterTelemetry;
import dev.synclog.exporter.metrics.MetricsEndpoint;
import dev.synclog.exporter.run.Exporter;
import dev.synclog.exporter.run.ExporterSettings;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tail agent queues and load them into the warehouse, exactly once.",
                "Runs until stopped; with --once, drains what the queues hold, closes what can be closed, and exits."})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--queue", required = true, paramLabel = "DIR",
            description = "An agent's queue directory; repeat for several agents (sources) into one warehouse.")
    List<Path> queues;

    @Mixin
    WarehouseOptions warehouse;

    @Option(names = "--once", description = "Drain the queues, close silent runs, and exit 0.")
    boolean once;

    @Option(names = "--batch-rows", defaultValue = "50000",
            description = "Commit after this many row results (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--snapshot-filter-keys", defaultValue = "10000000", paramLabel = "N",
            description = "Most snapshot keys held in memory (at most about 4 bytes each) so that keys new to the"
                    + " snapshot are not looked up there; a sync whose keys do not fit is looked up key by key, 0 turns"
                    + " the filter off (default: ${DEFAULT-VALUE}).")
    long snapshotFilterKeys;

    @Option(names = "--batch-max-wait", defaultValue = "1s", converter = DurationConverter.class,
            description = "Commit at least this often while events keep coming (default: ${DEFAULT-VALUE}).")
    Duration batchMaxWait;

    @Option(names = "--run-timeout", defaultValue = "24h", converter = DurationConverter.class,
            description = "Close a run as failed after this long without any of its events (default: ${DEFAULT-VALUE}).")
    Duration runTimeout;

    @Option(names = "--retain", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Delete consumed cycle files once this old (e.g. 24h). Default: keep them.")
    Duration retain;

    @Option(names = "--duckdb-copy", paramLabel = "FILE",
            description = "DuckDB only: publish a copy of the warehouse to FILE, to query while the exporter runs.")
    Path duckDbCopy;

    @Option(names = "--duckdb-copy-every", defaultValue = "60s", converter = DurationConverter.class,
            description = "How often to publish the copy while there is new data (default: ${DEFAULT-VALUE}).")
    Duration duckDbCopyEvery;

    @Option(names = "--progress-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "Print a progress line this often (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(names = "--max-backoff", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait between retries while the warehouse is unreachable (default: ${DEFAULT-VALUE}).")
    Duration maxBackoff;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus text), /health/live and /health/ready on this port;"
                    + " 0 picks a free one. Default: no HTTP endpoint.")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String metricsHost;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (batchRows < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-rows must be at least 1");
        }
        if (snapshotFilterKeys < 0) {
            throw new ParameterException(spec.commandLine(), "--snapshot-filter-keys must be 0 (off) or more");
        }
        if (duckDbCopy != null && !warehouse.url.startsWith("jdbc:duckdb:")) {
            throw new ParameterException(spec.commandLine(), "--duckdb-copy needs a jdbc:duckdb: warehouse");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--metrics-port must be between 0 and 65535");
        }
        PrintWriter log = spec.commandLine().getErr();
        CountDownLatch telemetryClosed = new CountDownLatch(1);
        try (ExporterTelemetry telemetry = new ExporterTelemetry()) {
            Exporter exporter = new Exporter(new ExporterSettings(queues, warehouse.url, warehouse.schema, once,
                    batchRows, snapshotFilterKeys, batchMaxWait, runTimeout, retain, duckDbCopy, duckDbCopyEvery,
                    progressEvery, maxBackoff), log, telemetry.metrics());
            if (!telemetry.metricsExporter().equals("none")) {
                log.printf("synclog-exporter: exporting metrics with otel.metrics.exporter=%s%n",
                        telemetry.metricsExporter());
            }
            try (MetricsEndpoint endpoint = metricsPort == null ? null : listen(telemetry, exporter)) {
                if (endpoint != null) {
                    log.printf("synclog-exporter: metrics on http://%s:%d/metrics%n", endpoint.host(), endpoint.port());
                }
                runUntilStopped(exporter, telemetryClosed);
            }
        } finally {
            telemetryClosed.countDown();
        }
        return ExitCodes.OK;
    }

    private MetricsEndpoint listen(ExporterTelemetry telemetry, Exporter exporter) {
        try {
            return new MetricsEndpoint(metricsHost, metricsPort, telemetry.scrapeReader(), exporter::isReady);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--metrics-host " + metricsHost + " --metrics-port "
                    + metricsPort + ": cannot listen there (" + e.getMessage() + ")");
        }
    }

    /**
     * SIGTERM lets the batch in hand finish and the warehouse close before the JVM exits, and then waits for the
     * telemetry to close, so that an OTLP exporter sends the last numbers.
     */
    private static void runUntilStopped(Exporter exporter, CountDownLatch telemetryClosed) throws Exception {
        Thread shutdown = new Thread(() -> {
            exporter.stopAndWait(Duration.ofSeconds(20));
            try {
                telemetryClosed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "synclog-exporter-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            exporter.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
            } catch (IllegalStateException jvmExiting) {
                // The hook is what stopped us.
            }
        }
    }
}
