package dev.synclog.agent.queue;

/**
 * What app threads journal for the writer, in the order it happened. Rows are already privacy-safe: the journal
 * holds nothing the queue would not (docs/agent.md, "Crash safety"). {@code position} is where the entry starts
 * in its journal, counted from the journal's start across its segments; entries are read in position order.
 */
sealed interface JournalEntry {
    long position();

    record RunBegan(long position, String runId, String runMethod, long startMicros) implements JournalEntry {
    }

    /** The run's method returned ({@code error} null) or threw. */
    record RunEnded(long position, String runId, String error) implements JournalEntry {
    }

    /**
     * A call's request, journaled when it is complete, before its response: if the process dies in flight, its
     * rows are still accounted for. {@code unreadable} says why there are no rows.
     */
    record CallSent(long position, long callKey, String runId, String syncId, String endpoint, String destination,
                    String object, String method, String url,
                    long startEpochMicros, String unreadable, String[] ids, String[] ops, String[] fields)
            implements JournalEntry {
    }

    /** How the call of {@code callKey} ended: one status and reason per row of its {@link CallSent}. */
    record CallEnded(long position, long callKey, int httpStatus, long latencyMicros, String errorType, String callError,
                     String[] statuses, String[] reasons) implements JournalEntry {
    }
}
