package dev.synclog.agent.rows;

import dev.synclog.agent.config.ResponseSpec;

/** Reads per-row results of one response shape (index-aligned, by id, by index). */
interface OutcomeReader {

    /**
     * @param verdicts one per extracted row, in order
     * @param note     something about the response the user should know (e.g. items naming no request row), or null
     */
    record Verdicts(Verdict[] verdicts, String note) {
    }

    /**
     * @param items what is at {@code response.items}: present and not null
     * @throws UnreadableCallException when the items cannot be assigned to rows at all
     */
    Verdicts read(ResponseItems items, RowExtractor.Extracted request, ResponseSpec spec) throws UnreadableCallException;

    static OutcomeReader forShape(ResponseSpec.Outcome outcome) {
        switch (outcome) {
            case INDEX_ALIGNED: return new IndexAlignedOutcome();
            case BY_ID: return new ByIdOutcome();
            case BY_INDEX: return new ByIndexOutcome();
            default: throw new IllegalArgumentException(outcome + " has no per-row items");
        }
    }
}
