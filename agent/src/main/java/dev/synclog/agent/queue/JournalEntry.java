package dev.synclog.agent.queue;

import dev.synclog.events.Utf8Texts;

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
     * rows are still accounted for. {@code unreadable} says why there are no rows. The rows' texts are spans of the
     * journal record's bytes: they go into the excerpt without becoming Strings.
     */
    record CallSent(long position, long callKey, String runId, String syncId, String endpoint, String destination,
                    String object, String method, String url,
                    long startEpochMicros, String unreadable, Utf8Texts ids, Utf8Texts ops, Utf8Texts fields)
            implements JournalEntry {
    }

    /** How the call of {@code callKey} ended: one status and reason per row of its {@link CallSent}. */
    record CallEnded(long position, long callKey, int httpStatus, long latencyMicros, String errorType, String callError,
                     Utf8Texts statuses, Utf8Texts reasons) implements JournalEntry {
    }
}
