package dev.synclog.agent.rows;

import dev.synclog.agent.config.ResponseSpec;

/** {@code items[i]} is the result of request row i (an audience API's per-member result array). */
final class IndexAlignedOutcome implements OutcomeReader {

    @Override
    public Verdicts read(ResponseItems items, RowExtractor.Extracted request, ResponseSpec spec, Verdict unlisted)
            throws UnreadableCallException {
        if (items.kind() != ResponseItems.Kind.ARRAY) {
            throw new UnreadableCallException("response has " + items.described()
                    + " at '" + spec.items() + "' where an array of per-row results was expected (response.items)");
        }
        if (items.size() != request.requestCount()) {
            throw new UnreadableCallException("response has " + items.size() + " results at '" + spec.items() + "' for "
                    + request.requestCount() + " request rows; results are matched to rows by position, so none could be assigned");
        }
        ItemVerdicts verdicts = new ItemVerdicts(spec, request.rows().size());
        for (int i = 0; i < request.rows().size(); i++) {
            verdicts.add(i, items, request.rows().index(i));
        }
        return new Verdicts(verdicts.finish(Verdict.SUCCEEDED), null);
    }
}
