package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.ResponseSpec;

/**
 * Items give the 0-based index of the request row they are about (Mixpanel's {@code failed_records}); rows no item
 * names get the unlisted verdict.
 */
final class ByIndexOutcome implements OutcomeReader {

    @Override
    public Verdicts read(ResponseItems items, RowExtractor.Extracted request, ResponseSpec spec, Verdict unlisted)
            throws UnreadableCallException {
        if (items.kind() != ResponseItems.Kind.ARRAY) {
            throw new UnreadableCallException("response has " + items.described()
                    + " at '" + spec.items() + "' where an array of items with row indexes was expected (response.items)");
        }
        RowsByIndex rowsByIndex = new RowsByIndex(request);
        ItemVerdicts verdicts = new ItemVerdicts(spec, request.rows().size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode indexNode = items.value(i, ResponseItems.INDEX);
            int index = rowsByIndex.requestIndex(indexNode);
            if (index < 0) {
                throw new UnreadableCallException(rowsByIndex.noSuchRow("response item " + i + " at '" + spec.items() + "'",
                        indexNode.isMissingNode() ? "no index at '" + spec.index() + "'" : RowsByIndex.quoted(indexNode)));
            }
            int row = rowsByIndex.row(index);
            if (row >= 0) {
                verdicts.add(row, items, i);
            }
        }
        return new Verdicts(verdicts.finish(unlisted), null);
    }
}
