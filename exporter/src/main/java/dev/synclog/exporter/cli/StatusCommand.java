package dev.synclog.exporter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.synclog.exporter.queue.BadQueueException;
import dev.synclog.exporter.queue.QueueSource;
import dev.synclog.exporter.run.ExporterStatus;
import dev.synclog.exporter.run.StatusFile;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show how far the exporter of a queue has got: its state, lag (events behind), last commit "
                + "and rows loaded.", "Reads what the exporter publishes next to the queue; works while it runs."})
public final class StatusCommand implements Callable<Integer> {
    @Option(names = "--queue", required = true, paramLabel = "DIR", description = "The agent's queue directory.")
    Path queue;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String sourceId = QueueSource.sourceIdOf(queue);
        if (!Files.exists(StatusFile.in(queue))) {
            out.printf("source %s: no exporter has loaded this queue yet (no %s)%n", sourceId, StatusFile.NAME);
            return ExitCodes.NOT_RUNNING;
        }
        ExporterStatus s;
        try {
            s = StatusFile.read(queue);
        } catch (IOException damaged) {
            out.printf("source %s: %s cannot be read (%s); the exporter rewrites it at its next commit, or delete it%n",
                    sourceId, StatusFile.in(queue), damaged.getClass().getSimpleName());
            return ExitCodes.NOT_RUNNING;
        }
        boolean alive = ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)
                && !s.state().equals("stopped") && !s.state().equals("failed");
        BadQueueException unreadable = null;
        long behind = -1;
        try (QueueSource source = new QueueSource(queue, spec.commandLine().getErr())) {
            behind = source.eventsAfter(s.lastCommittedIndex());
        } catch (BadQueueException e) {
            unreadable = e;
        }
        out.printf("source:        %s%n", s.sourceId());
        out.printf("exporter:      %s (pid %d, %s)%n", alive ? s.state() : "not running, last " + s.state(), s.pid(),
                s.warehouse());
        out.printf("events behind: %s%n", unreadable != null ? "unknown, the queue cannot be read" : String.format("%,d", behind));
        if (s.lastCommitAt() == null) {
            out.printf("last commit:   never%n");
        } else {
            out.printf("last commit:   %s at index 0x%x%n", s.lastCommitAt(), s.lastCommittedIndex());
        }
        out.printf("rows loaded:   %,d in total, %,d by this exporter process%n", s.rowsLoadedTotal(),
                s.rowsLoadedByThisProcess());
        out.printf("updated:       %s%n", s.updatedAt());
        if (s.lastError() != null) {
            out.printf("last error:    %s%n", s.lastError());
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return alive ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }
}
