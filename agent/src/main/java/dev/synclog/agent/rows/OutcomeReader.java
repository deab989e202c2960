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

    /** Why a row failed that no item named, with {@code unlisted: failed}. */
    String NOT_IN_RESPONSE = "no result for this row in the response";

    /**
     * @param items    what is at {@code response.items}: present and not null
     * @param unlisted the verdict of rows no item names
     * @throws UnreadableCallException when the items cannot be assigned to rows at all
     */
    Verdicts read(ResponseItems items, RowExtractor.Extracted request, ResponseSpec spec, Verdict unlisted)
            throws UnreadableCallException;

    /**
     * The verdict of rows no item names, as {@code response.unlisted} says, where the call's status does not decide it
     * (all but {@code unlisted: http_status} on a non-2xx, whose rows fail with the call's reason).
     */
    static Verdict unlisted(ResponseSpec spec) {
        return spec.unlisted() == ResponseSpec.Unlisted.FAILED ? Verdict.failed(NOT_IN_RESPONSE) : Verdict.SUCCEEDED;
    }

    static OutcomeReader forShape(ResponseSpec.Outcome outcome) {
        switch (outcome) {
            case INDEX_ALIGNED: return new IndexAlignedOutcome();
            case BY_ID: return new ByIdOutcome();
            case BY_INDEX: return new ByIndexOutcome();
            default: throw new IllegalArgumentException(outcome + " has no per-row items");
        }
    }
}
