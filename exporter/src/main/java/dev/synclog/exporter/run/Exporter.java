package dev.synclog.exporter.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.synclog.events.QueueLayout;
import dev.synclog.exporter.load.BatchLoader;
import dev.synclog.exporter.load.ChangelogBatch;
import dev.synclog.exporter.load.ChangelogRow;
import dev.synclog.exporter.load.LoadPhase;
import dev.synclog.exporter.load.LoadedRows;
import dev.synclog.exporter.load.PhaseTimes;
import dev.synclog.exporter.load.ReadPositions;
import dev.synclog.exporter.metrics.ExporterMetrics;
import dev.synclog.exporter.queue.BadQueueException;
import dev.synclog.exporter.queue.CycleFileRetention;
import dev.synclog.exporter.queue.QueueSource;
import dev.synclog.exporter.warehouse.SchemaMigrator;
import dev.synclog.exporter.warehouse.Warehouse;

/**
 * Tails every queue and loads it batch by batch. Nothing about progress is kept in memory across a
 * warehouse failure: after reconnecting, every source resumes from the position committed in the warehouse.
 */
public final class Exporter {
    private static final long IDLE_SLEEP_MILLIS = 100;
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(30);
    private static final long UNREADABLE_RECHECK_MILLIS = 1_000;
    private static final Duration REPLACED_QUEUE_CHECK_EVERY = Duration.ofSeconds(1);

    private final ExporterSettings settings;
    private final PrintWriter log;
    private final ExporterMetrics metrics;
    /** Connected to the warehouse and reading the queues: what /health/ready reports. */
    private volatile boolean ready;
    private final Map<String, SourceProgress> progress = new LinkedHashMap<>();
    private volatile boolean stopping;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Summed over this process's batches, for {@code --once}'s closing line. */
    private final PhaseTimes phaseTotals = new PhaseTimes();
    /** Sources whose directory already held another queue at the last look: they are read once more, then left. */
    private final Set<String> replacedAtLastLook = new HashSet<>();

    /** Per queue: what status and the progress line report. */
    private static final class SourceProgress {
        long committedIndex = ReadPositions.NOTHING_READ;
        Long lastCommitMicros;
        long rowsLoadedTotal;
        long rowsLoadedByThisProcess;
        long rowsAtLastProgressLine;
        String state = "starting";
        String lastError;
        /** What {@link QueueSource#unreadableTail()} said at the last look, to tell damage from a write in progress. */
        String unreadableTail;
        /** Why the status file could not be written at the last try; null once it could, so each failure is told once. */
        String statusFileFailure;
    }

    public Exporter(ExporterSettings settings, PrintWriter log) {
        this(settings, log, ExporterMetrics.disabled());
    }

    public Exporter(ExporterSettings settings, PrintWriter log, ExporterMetrics metrics) {
        this.settings = settings;
        this.log = log;
        this.metrics = metrics;
    }

    public boolean isReady() {
        return ready;
    }

    /** Asks the loop to stop after the batch in hand, and waits for it to close the warehouse cleanly. */
    public void stopAndWait(Duration patience) {
        stopping = true;
        try {
            finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @throws dev.synclog.exporter.queue.BadQueueException for a queue that cannot be read
     * @throws SQLException                                  for a warehouse error that retrying will not fix
     */
    public void run() throws IOException, SQLException, InterruptedException {
        List<QueueSource> sources = new ArrayList<>();
        String endState = "stopped";
        String endError = null;
        try {
            for (Path dir : settings.queues()) {
                if (!settings.once() && !awaitQueue(dir)) {
                    return;
                }
                QueueSource source = new QueueSource(dir, log);
                sources.add(source);
                progress.put(source.sourceId(), new SourceProgress());
                metrics.watch(source.sourceId(), dir);
            }
            Backoff backoff = new Backoff(settings.maxBackoff());
            while (!stopping) {
                try {
                    loadUntilDone(sources, backoff);
                    return;
                } catch (SQLException e) {
                    ready = false;
                    if (!Warehouse.isTransient(settings.warehouseUrl(), e)) {
                        metrics.error(ExporterMetrics.WAREHOUSE);
                        throw e;
                    }
                    metrics.error(ExporterMetrics.WAREHOUSE_UNAVAILABLE);
                    metrics.retried();
                    Duration wait = backoff.next();
                    String why = Warehouse.describeUnavailable(settings.warehouseUrl(), e);
                    log.printf("synclog-exporter: warehouse %s unavailable (%s); nothing is lost, retrying in %.1f s%n",
                            Warehouse.redact(settings.warehouseUrl()), why, wait.toMillis() / 1000.0);
                    publishAll(sources, "retrying", why);
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            if (e instanceof BadQueueException) {
                metrics.error(ExporterMetrics.BAD_QUEUE);
            }
            endState = "failed";
            endError = e.getMessage();
            throw e;
        } finally {
            ready = false;
            publishAll(sources, endState, endError);
            sources.forEach(QueueSource::close);
            finished.countDown();
        }
    }

    /**
     * A sidecar often starts before its app: an absent or empty queue directory is waited for (the agent creates it
     * on its first start). A directory holding something else is not waited for: reading it fails as a bad queue.
     *
     * @return false when stopped while waiting
     */
    private boolean awaitQueue(Path dir) throws InterruptedException, IOException {
        boolean told = false;
        while (!stopping && !Files.exists(dir.resolve(QueueLayout.SOURCE_ID_FILE)) && isAbsentOrEmpty(dir)) {
            if (!told) {
                log.printf("synclog-exporter: waiting for the agent to create its queue in %s%n", dir);
                told = true;
            }
            Thread.sleep(500);
        }
        return !stopping;
    }

    private static boolean isAbsentOrEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (var entries = Files.list(dir)) {
            // The agent creates its journal first, at its start; the queue itself follows.
            return entries.allMatch(entry -> entry.getFileName().toString().equals(QueueLayout.JOURNAL_DIR));
        }
    }

    /** Returns when --once has drained the queues or stop() was called; throws when the warehouse fails. */
    private void loadUntilDone(List<QueueSource> sources, Backoff backoff) throws SQLException, IOException,
            InterruptedException {
        try (Warehouse warehouse = Warehouse.connect(settings.warehouseUrl(), settings.schema());
             ReadAhead readAhead = new ReadAhead(settings.batchRows(), settings.batchMaxWait().toNanos())) {
            new SchemaMigrator(warehouse).migrate();
            BatchLoader loader = new BatchLoader(warehouse, settings.snapshotFilterKeys());
            for (QueueSource source : sources) {
                resume(source, loader);
            }
            backoff.reset();
            ready = true;
            DuckDbReadableCopy copy = settings.duckDbCopy() == null ? null : new DuckDbReadableCopy(settings.duckDbCopy());
            CycleFileRetention retention = settings.retain() == null ? null : new CycleFileRetention(settings.retain());
            long lastHousekeeping = 0;
            long lastReplacedCheck = 0;
            long lastCopy = 0;
            long lastProgressLine = System.nanoTime();
            boolean copyIsCurrent = false;
            while (!stopping) {
                boolean loaded = false;
                for (QueueSource source : sources) {
                    long readStart = System.nanoTime();
                    ChangelogBatch batch = readAhead.next(source);
                    if (!batch.isEmpty()) {
                        long commitStart = System.nanoTime();
                        LoadedRows rows = loader.load(batch);
                        rows.times().add(LoadPhase.READ_WAIT, commitStart - readStart);
                        phaseTotals.addAll(rows.times());
                        metrics.batchCommitted(source.sourceId(), batch.events(), rows, newestEventMicros(batch),
                                System.nanoTime() - commitStart);
                        committed(source, batch);
                        loaded = true;
                        copyIsCurrent = false;
                    }
                }
                long now = System.nanoTime();
                if (now - lastProgressLine >= settings.progressEvery().toNanos()) {
                    printProgress(sources, (now - lastProgressLine) / 1e9);
                    lastProgressLine = now;
                }
                if (loaded) {
                    continue;
                }
                if (settings.once() && unreadableAfterRecheck(sources)) {
                    continue;
                }
                caughtUp(sources);
                if (!settings.once() && now - lastReplacedCheck >= REPLACED_QUEUE_CHECK_EVERY.toNanos()) {
                    replaceRecreatedQueues(sources, loader);
                    lastReplacedCheck = now;
                }
                boolean housekeepingDue = settings.once() || now - lastHousekeeping >= HOUSEKEEPING_EVERY.toNanos();
                if (housekeepingDue) {
                    housekeeping(loader, sources, retention);
                    lastHousekeeping = now;
                }
                if (copy != null && !copyIsCurrent
                        && (settings.once() || now - lastCopy >= settings.duckDbCopyEvery().toNanos())) {
                    copy.publish(warehouse);
                    copyIsCurrent = true;
                    lastCopy = now;
                }
                if (settings.once()) {
                    log.printf("synclog-exporter: loaded %,d rows; time per part of loading: %s%n",
                            progress.values().stream().mapToLong(p -> p.rowsLoadedByThisProcess).sum(), phaseTotals);
                    return;
                }
                Thread.sleep(IDLE_SLEEP_MILLIS);
            }
        }
    }

    private void resume(QueueSource source, BatchLoader loader) throws SQLException {
        ReadPositions.Position position = loader.positions().load(source.sourceId());
        source.resumeAfter(position);
        SourceProgress p = progress.get(source.sourceId());
        p.committedIndex = position.lastIndex();
        p.lastCommitMicros = position.lastCommitMicros();
        p.rowsLoadedTotal = position.rowsLoaded();
    }

    /**
     * A queue directory deleted (or emptied) while the app runs is made again by the agent as a new queue, with a new
     * source id (docs/reliability.md, "Full disk"). The old queue's open files can still be read to their end, so a
     * source is left only when its directory names another source at two looks in a row, with the old one drained
     * at both: what the agent wrote to the old files before it moved on is loaded first.
     */
    private void replaceRecreatedQueues(List<QueueSource> sources, BatchLoader loader) throws IOException, SQLException {
        for (int i = 0; i < sources.size(); i++) {
            QueueSource old = sources.get(i);
            String now = sourceIdIn(old.dir());
            if (now == null || now.equals(old.sourceId())) {
                replacedAtLastLook.remove(old.sourceId());
                continue;
            }
            if (replacedAtLastLook.add(old.sourceId())) {
                continue;
            }
            replacedAtLastLook.remove(old.sourceId());
            QueueSource replacement = new QueueSource(old.dir(), log);
            log.printf("synclog-exporter: the queue in %s was made again by its agent (source %s, was %s): the old one"
                    + " is loaded to its end, loading the new one from its start%n", old.dir(), now, old.sourceId());
            old.close();
            metrics.unwatch(old.sourceId());
            progress.remove(old.sourceId());
            sources.set(i, replacement);
            progress.put(replacement.sourceId(), new SourceProgress());
            metrics.watch(replacement.sourceId(), replacement.dir());
            resume(replacement, loader);
        }
    }

    /** The source id the directory holds now; null while it holds none (deleted, not yet made again). */
    private static String sourceIdIn(Path dir) {
        try {
            return QueueLayout.readSourceId(dir);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code --once} must not end as if the queue were drained when the queue says more was written than could be
     * read. A writer may be finishing an event just then, so the first sighting waits and reads again.
     *
     * @return true to read again
     * @throws BadQueueException when the same events are still unreadable on the second look
     */
    private boolean unreadableAfterRecheck(List<QueueSource> sources) throws InterruptedException {
        for (QueueSource source : sources) {
            BadQueueException unreadable = source.unreadableTail();
            SourceProgress p = progress.get(source.sourceId());
            String seen = unreadable == null ? null : unreadable.getMessage();
            if (seen != null && seen.equals(p.unreadableTail)) {
                throw unreadable;
            }
            p.unreadableTail = seen;
            if (seen != null) {
                Thread.sleep(UNREADABLE_RECHECK_MILLIS);
                return true;
            }
        }
        return false;
    }

    /**
     * A continuous exporter keeps waiting at an unreadable event, so that a restored file is picked up without a
     * restart, and says so once when two housekeeping passes in a row find the same one.
     */
    private void warnIfStuck(QueueSource source, SourceProgress p) {
        BadQueueException unreadable = source.unreadableTail();
        String seen = unreadable == null ? null : unreadable.getMessage();
        if (seen != null && seen.equals(p.unreadableTail) && !seen.equals(p.lastError)) {
            metrics.error(ExporterMetrics.BAD_QUEUE);
            log.printf("synclog-exporter: WARNING: %s%n", seen);
            p.lastError = seen;
        }
        p.unreadableTail = seen;
    }

    /** The queues are drained: say so at once, not only at the next housekeeping. */
    private void caughtUp(List<QueueSource> sources) {
        for (QueueSource source : sources) {
            SourceProgress p = progress.get(source.sourceId());
            if (!p.state.equals("idle")) {
                p.state = "idle";
                publish(source);
            }
        }
    }

    private void committed(QueueSource source, ChangelogBatch batch) {
        SourceProgress p = progress.get(source.sourceId());
        p.committedIndex = batch.lastIndex();
        p.lastCommitMicros = System.currentTimeMillis() * 1000L;
        p.rowsLoadedTotal += batch.rows().size();
        p.rowsLoadedByThisProcess += batch.rows().size();
        p.state = "loading";
        p.lastError = null;
        publish(source);
    }

    /** The newest event time in a batch: how far the warehouse has caught up, for the lag in seconds. */
    private static long newestEventMicros(ChangelogBatch batch) {
        long newest = batch.lastEventMicrosByRun().values().stream().mapToLong(Long::longValue).max().orElse(0);
        for (ChangelogRow row : batch.rows()) {
            newest = Math.max(newest, row.eventTimeMicros());
        }
        return newest;
    }

    private void housekeeping(BatchLoader loader, List<QueueSource> sources, CycleFileRetention retention)
            throws SQLException, IOException {
        long cutoff = (System.currentTimeMillis() - settings.runTimeout().toMillis()) * 1000L;
        for (QueueSource source : sources) {
            SourceProgress p = progress.get(source.sourceId());
            if (!settings.once()) {
                warnIfStuck(source, p);
            }
            int closed = loader.closeSilentRuns(source.sourceId(), cutoff, settings.runTimeout().toString());
            if (closed > 0) {
                log.printf("synclog-exporter: closed %d run(s) of source %s as failed: no event for %s%n",
                        closed, source.sourceId(), settings.runTimeout());
            }
            if (retention != null) {
                for (Path deleted : retention.deleteConsumed(source, p.committedIndex)) {
                    log.printf("synclog-exporter: deleted consumed cycle file %s%n", deleted);
                }
            }
            publish(source);
        }
    }

    private void printProgress(List<QueueSource> sources, double seconds) {
        for (QueueSource source : sources) {
            SourceProgress p = progress.get(source.sourceId());
            long rows = p.rowsLoadedByThisProcess - p.rowsAtLastProgressLine;
            p.rowsAtLastProgressLine = p.rowsLoadedByThisProcess;
            log.printf("synclog-exporter: source %s: %,d rows loaded (%,.0f rows/s), %,d events behind, index 0x%x%n",
                    source.sourceId(), p.rowsLoadedByThisProcess, rows / seconds, source.eventsAfter(p.committedIndex),
                    p.committedIndex);
        }
    }

    private void publishAll(List<QueueSource> sources, String state, String error) {
        for (QueueSource source : sources) {
            SourceProgress p = progress.get(source.sourceId());
            p.state = state;
            p.lastError = error;
            publish(source);
        }
    }

    /**
     * The status file is for people and {@code status}; not being able to write it must not stop the loading: its
     * directory may be gone for a while (deleted while the app runs, and made again by the agent only at its next
     * event), or the disk full. The failure is told once, counted, and the next write tries again.
     */
    private void publish(QueueSource source) {
        SourceProgress p = progress.get(source.sourceId());
        long eventsBehind = source.eventsAfter(p.committedIndex);
        metrics.eventsBehind(source.sourceId(), eventsBehind);
        try {
            StatusFile.write(source.dir(), new ExporterStatus(source.sourceId(), source.dir().toString(),
                    Warehouse.redact(settings.warehouseUrl()), ProcessHandle.current().pid(), p.state, p.committedIndex,
                    p.lastCommitMicros == null ? null : Instant.EPOCH.plusNanos(p.lastCommitMicros * 1000L).toString(),
                    p.rowsLoadedTotal, p.rowsLoadedByThisProcess, eventsBehind,
                    Instant.now().toString(), p.lastError));
            p.statusFileFailure = null;
        } catch (IOException e) {
            metrics.error(ExporterMetrics.STATUS_FILE);
            String why = e.toString();
            if (!why.equals(p.statusFileFailure)) {
                log.printf("synclog-exporter: cannot write the status file in %s (%s); loading goes on, and the next"
                        + " status write tries again%n", source.dir(), why);
            }
            p.statusFileFailure = why;
        }
    }
}
