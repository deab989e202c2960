package dev.synclog.exporter.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

import dev.synclog.exporter.load.LoadPhase;
import dev.synclog.exporter.load.LoadedRows;

/**
 * The exporter's instruments. The load loop records into it; disk figures are read when a reader collects, so
 * a scrape sees the disk as it is, not as it was at the last commit. Lag is measured by the loop (it owns the
 * queue) and only read here, because Chronicle's queue objects are not meant to be shared across threads.
 */
public final class ExporterMetrics {
    public static final String INSTRUMENTATION_SCOPE = "dev.synclog.exporter";
    public static final AttributeKey<String> SOURCE_ID = AttributeKey.stringKey("source_id");
    public static final AttributeKey<String> TABLE = AttributeKey.stringKey("table");
    public static final AttributeKey<String> PHASE = AttributeKey.stringKey("phase");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** Values of {@code error.type}. */
    public static final String WAREHOUSE_UNAVAILABLE = "warehouse_unavailable";
    public static final String WAREHOUSE = "warehouse";
    public static final String BAD_QUEUE = "bad_queue";
    public static final String STATUS_FILE = "status_file";

    /** Commits take milliseconds to tens of seconds; the SDK's default buckets are meant for milliseconds. */
    private static final List<Double> COMMIT_SECONDS_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

    private final Map<String, SourceLag> lagBySource = new ConcurrentHashMap<>();
    private final Map<String, Path> queueDirBySource = new ConcurrentHashMap<>();
    private final LongCounter rowsLoaded;
    private final LongCounter eventsRead;
    private final DoubleHistogram commitDuration;
    private final DoubleCounter phaseDuration;
    private final LongCounter retries;
    private final LongCounter errors;

    /** What the loop last measured of one source, for the lag gauges. */
    private static final class SourceLag {
        /** -1 until the loop first counts: a lag of 0 before the exporter has looked would be a lie. */
        volatile long eventsBehind = -1;
        /** Event time of the newest event committed by this process; 0 until the first commit. */
        volatile long newestLoadedEventMicros;
    }

    public ExporterMetrics(OpenTelemetry openTelemetry) {
        Meter meter = openTelemetry.meterBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(version()).build();
        rowsLoaded = meter.counterBuilder("synclog.exporter.rows.loaded").setUnit("{row}")
                .setDescription("Rows written to a warehouse table by committed batches.").build();
        eventsRead = meter.counterBuilder("synclog.exporter.events.read").setUnit("{event}")
                .setDescription("Queue events covered by committed batches.").build();
        commitDuration = meter.histogramBuilder("synclog.exporter.batch.commit.duration").setUnit("s")
                .setDescription("Time to load and commit one batch (one transaction).")
                .setExplicitBucketBoundariesAdvice(COMMIT_SECONDS_BUCKETS).build();
        phaseDuration = meter.counterBuilder("synclog.exporter.batch.phase.duration").ofDoubles().setUnit("s")
                .setDescription("Time spent in each part of loading batches, by phase: read_wait, resolve, lookup,"
                        + " changelog, snapshot, runs, commit.").build();
        retries = meter.counterBuilder("synclog.exporter.retries").setUnit("{retry}")
                .setDescription("Reconnects to the warehouse after it was unavailable.").build();
        errors = meter.counterBuilder("synclog.exporter.errors").setUnit("{error}")
                .setDescription("Errors, by error.type: warehouse_unavailable (retried), warehouse (fatal),"
                        + " bad_queue (fatal), status_file.").build();
        meter.gaugeBuilder("synclog.exporter.lag.events").ofLongs().setUnit("{event}")
                .setDescription("Events in the queue after the position committed in the warehouse.")
                .buildWithCallback(m -> lagBySource.forEach((id, lag) -> {
                    if (lag.eventsBehind >= 0) {
                        m.record(lag.eventsBehind, source(id));
                    }
                }));
        meter.gaugeBuilder("synclog.exporter.lag").setUnit("s")
                .setDescription("Age of the newest loaded event while events are waiting; 0 when caught up.")
                .buildWithCallback(m -> lagBySource.forEach((id, lag) -> {
                    double seconds = lagSeconds(lag, System.currentTimeMillis() * 1000L);
                    if (!Double.isNaN(seconds)) {
                        m.record(seconds, source(id));
                    }
                }));
        meter.gaugeBuilder("synclog.exporter.queue.disk.usage").ofLongs().setUnit("By")
                .setDescription("Bytes of the files in the queue directory.")
                .buildWithCallback(m -> queueDirBySource.forEach((id, dir) -> recordQueueBytes(m, id, dir)));
        meter.gaugeBuilder("synclog.exporter.disk.free").ofLongs().setUnit("By")
                .setDescription("Usable bytes on the file system of the queue directory.")
                .buildWithCallback(m -> queueDirBySource.forEach((id, dir) -> recordFreeBytes(m, id, dir)));
    }

    /** Metrics that go nowhere: for callers that do not serve or export any. */
    public static ExporterMetrics disabled() {
        return new ExporterMetrics(OpenTelemetry.noop());
    }

    /** Starts the per-source gauges of a queue. */
    public void watch(String sourceId, Path queueDir) {
        queueDirBySource.put(sourceId, queueDir);
        lagBySource.computeIfAbsent(sourceId, id -> new SourceLag());
    }

    /** Stops the per-source gauges of a queue that is gone (replaced by a new one in its directory). */
    public void unwatch(String sourceId) {
        queueDirBySource.remove(sourceId);
        lagBySource.remove(sourceId);
    }

    public void batchCommitted(String sourceId, int events, LoadedRows rows, long newestEventMicros,
                               long commitNanos) {
        Attributes source = source(sourceId);
        rowsLoaded.add(rows.changelog(), tableOf(sourceId, "sync_changelog"));
        rowsLoaded.add(rows.snapshot(), tableOf(sourceId, "sync_snapshot"));
        rowsLoaded.add(rows.runs(), tableOf(sourceId, "sync_runs"));
        eventsRead.add(events, source);
        commitDuration.record(commitNanos / 1e9, source);
        for (LoadPhase phase : LoadPhase.values()) {
            phaseDuration.add(rows.times().nanos(phase) / 1e9, source.toBuilder().put(PHASE, phase.label()).build());
        }
        SourceLag lag = lagBySource.computeIfAbsent(sourceId, id -> new SourceLag());
        lag.newestLoadedEventMicros = Math.max(lag.newestLoadedEventMicros, newestEventMicros);
    }

    /** @param eventsBehind as {@code QueueSource.eventsAfter} counts them; -1 when the queue cannot tell */
    public void eventsBehind(String sourceId, long eventsBehind) {
        if (eventsBehind >= 0) {
            lagBySource.computeIfAbsent(sourceId, id -> new SourceLag()).eventsBehind = eventsBehind;
        }
    }

    public void retried() {
        retries.add(1);
    }

    public void error(String errorType) {
        errors.add(1, Attributes.of(ERROR_TYPE, errorType));
    }

    /** NaN before the first count, and while events wait but this process has loaded none: unknown then. */
    private static double lagSeconds(SourceLag lag, long nowMicros) {
        if (lag.eventsBehind < 0) {
            return Double.NaN;
        }
        if (lag.eventsBehind == 0) {
            return 0;
        }
        if (lag.newestLoadedEventMicros == 0) {
            return Double.NaN;
        }
        return Math.max(0, nowMicros - lag.newestLoadedEventMicros) / 1e6;
    }

    private static Attributes source(String sourceId) {
        return Attributes.of(SOURCE_ID, sourceId);
    }

    private static Attributes tableOf(String sourceId, String table) {
        return Attributes.of(SOURCE_ID, sourceId, TABLE, table);
    }

    private static void recordQueueBytes(ObservableLongMeasurement m, String sourceId, Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(ExporterMetrics::sizeOrZero).sum();
            m.record(bytes, source(sourceId));
        } catch (IOException | RuntimeException unreadable) {
            // No sample beats a wrong one; the status file and the log say what is wrong with the directory.
        }
    }

    private static void recordFreeBytes(ObservableLongMeasurement m, String sourceId, Path dir) {
        try {
            m.record(Files.getFileStore(dir).getUsableSpace(), source(sourceId));
        } catch (IOException | RuntimeException unreadable) {
            // As above.
        }
    }

    /** A cycle file deleted by retention between listing and sizing counts as gone. */
    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static String version() {
        String v = ExporterMetrics.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
