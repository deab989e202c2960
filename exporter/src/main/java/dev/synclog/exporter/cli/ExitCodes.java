package dev.synclog.exporter.cli;

import java.sql.SQLException;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import dev.synclog.events.QueueLayout;
import dev.synclog.exporter.queue.BadQueueException;

/** Maps failures to exit codes and one clear line on stderr (stack traces only help us, not the operator). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int WAREHOUSE = 1;
    public static final int USAGE = 2;
    public static final int BAD_QUEUE = 3;
    public static final int NOT_RUNNING = 4;

    private ExitCodes() {
    }

    public static int handle(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof BadQueueException || e instanceof QueueLayout.NotASyncQueueException) {
            cl.getErr().println("synclog-exporter: " + e.getMessage());
            return BAD_QUEUE;
        }
        if (e instanceof SQLException) {
            cl.getErr().println("synclog-exporter: warehouse error: " + e.getMessage());
            return WAREHOUSE;
        }
        if (e instanceof IllegalArgumentException) {
            cl.getErr().println("synclog-exporter: " + e.getMessage());
            return USAGE;
        }
        cl.getErr().println("synclog-exporter: unexpected failure:");
        e.printStackTrace(cl.getErr());
        return WAREHOUSE;
    }
}
