package dev.synclog.agent.queue;

import java.io.IOException;

/** The writer's side of a journal: entries in the order they were appended. */
interface JournalSource extends AutoCloseable {
    /** The next entry, waiting up to {@code timeoutMillis} for one; null when none came. */
    JournalEntry next(long timeoutMillis) throws IOException, InterruptedException;

    /** True when every entry appended so far has been read. */
    boolean drained() throws IOException;

    /**
     * Frees what holds entries already read that start before {@code neededFrom}, the position of the first entry
     * still needed after a crash. Records in memory are freed as they are read.
     */
    default void release(long neededFrom) {
    }

    @Override
    void close() throws IOException;
}
