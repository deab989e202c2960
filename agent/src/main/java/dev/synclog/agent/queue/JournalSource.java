package dev.synclog.agent.queue;

import java.io.IOException;
import java.util.function.LongSupplier;

/** The writer's side of a journal: entries in the order they were appended. */
interface JournalSource extends AutoCloseable {
    /** The next entry, waiting up to {@code timeoutMillis} for one; null when none came, or when woken ({@link #wakeUp}). */
    JournalEntry next(long timeoutMillis) throws IOException, InterruptedException;

    /**
     * Ends the reader's wait in {@link #next} now, or its next wait if it is not waiting: at exit, the writer must see
     * that the app stopped at once, not at the end of a wait that no entry would end.
     */
    void wakeUp();

    /** Where the next entry starts: once drained, the journal's end. */
    long position();

    /** True when every entry appended so far has been read. */
    boolean drained() throws IOException;

    /**
     * Frees what holds entries already read and no longer needed: those before the position of the first entry a
     * crash would still need. Called after each entry: cheap when there is nothing to free. Records in memory are
     * freed as they are read.
     */
    default void release(LongSupplier firstPositionNeeded) {
    }

    @Override
    void close() throws IOException;
}
