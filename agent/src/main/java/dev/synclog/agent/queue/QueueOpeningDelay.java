package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.synclog.events.QueueLayout;

/**
 * When the writer opens the queue: once the app's first call has ended and been journaled, not at start. Opening
 * loads most of Chronicle (about 500 classes, their static set-up and the compilers' work on them), which at start
 * competes for the cores with the app's own start and its first call; the journal is the crash-safe record
 * meanwhile, so nothing is lost by waiting. Waits at most {@link #MAX_WAIT_NANOS}, so that an app that calls late
 * (or only through a run method) still gets its queue, and the journals of dead agents recovered, soon after start.
 */
final class QueueOpeningDelay {
    static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long POLL_MILLIS = 50;

    private QueueOpeningDelay() {
    }

    /**
     * Writes the queue's source id file at once, before the wait: an exporter started beside the app waits for a
     * directory without one, and takes one holding anything else (the journal, the class cache) for a bad queue. A
     * failure here is left for the opening to report.
     */
    static void identifyQueue(Path dir) {
        try {
            QueueLayout.initialise(dir);
        } catch (IOException | RuntimeException e) {
            // reported when the queue opens
        }
    }

    /**
     * Reads the journal until the first call's end, the wait's end or {@code stopping}, running {@code housekeeping}
     * while idle (it can end the first call: an {@code HttpURLConnection} whose app never closes it). Returns the
     * entries read, in order, for the writer to process once the queue is open.
     */
    static List<JournalEntry> entriesUntilFirstCall(JournalSource source, Runnable housekeeping, BooleanSupplier stopping,
                                                    long maxWaitNanos) throws IOException, InterruptedException {
        List<JournalEntry> read = new ArrayList<>();
        long start = System.nanoTime();
        while (!stopping.getAsBoolean() && System.nanoTime() - start < maxWaitNanos) {
            JournalEntry entry = source.next(POLL_MILLIS);
            if (entry == null) {
                housekeeping.run();
                continue;
            }
            read.add(entry);
            if (entry instanceof JournalEntry.CallEnded) {
                break;
            }
        }
        return read;
    }
}
