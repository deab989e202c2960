package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.ResponseSpec;

import java.util.Arrays;

/** Items give the 0-based index of the request row they are about (Mixpanel's {@code failed_records}); unnamed rows succeed. */
final class ByIndexOutcome implements OutcomeReader {

    @Override
    public Verdicts read(ResponseItems items, RowExtractor.Extracted request, ResponseSpec spec) throws UnreadableCallException {
        if (items.kind() != ResponseItems.Kind.ARRAY) {
            throw new UnreadableCallException("response has " + items.described()
                    + " at '" + spec.items() + "' where an array of items with row indexes was expected (response.items)");
        }
        int[] rowAtRequestIndex = new int[request.requestCount()];
        Arrays.fill(rowAtRequestIndex, -1);
        for (int position = 0; position < request.rows().size(); position++) {
            rowAtRequestIndex[request.rows().index(position)] = position;
        }
        ItemVerdicts verdicts = new ItemVerdicts(spec, request.rows().size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode indexNode = items.value(i, ResponseItems.INDEX);
            int index = -1;
            if (indexNode.isIntegralNumber() && indexNode.canConvertToInt()) {
                index = indexNode.intValue();
            } else if (indexNode.isTextual() && indexNode.textValue().trim().matches("\\d{1,9}")) {
                index = Integer.parseInt(indexNode.textValue().trim());
            }
            if (index < 0 || index >= request.requestCount()) {
                throw new UnreadableCallException("response item " + i + " at '" + spec.items() + "' has "
                        + (indexNode.isMissingNode() ? "no index at '" + spec.index() + "'" : "index " + Reasons.quoted(Json.text(indexNode)))
                        + ", but the request has " + request.requestCount() + " rows (0-based); results cannot be assigned");
            }
            if (rowAtRequestIndex[index] >= 0) {
                verdicts.add(rowAtRequestIndex[index], items, i);
            }
        }
        return new Verdicts(verdicts.finish(Verdict.SUCCEEDED), null);
    }
}
