package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.ResponseSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Items name the rows they are about by id: a list whose items carry the id (a value, or an array of values as in
 * HubSpot's {@code context.id}), or an object keyed by row id. Rows no item names get the unlisted verdict.
 */
final class ByIdOutcome implements OutcomeReader {
    private static final int MAX_IDS_SHOWN = 5;

    @Override
    public Verdicts read(ResponseItems items, RowExtractor.Extracted request, ResponseSpec spec, Verdict unlisted)
            throws UnreadableCallException {
        RowsById rowsById = new RowsById(request.rows());
        ItemVerdicts verdicts = new ItemVerdicts(spec, request.rows().size());
        List<String> unknownIds = new ArrayList<>();
        int withoutId = 0;
        if (spec.id() == null) {
            if (items.kind() != ResponseItems.Kind.OBJECT) {
                throw new UnreadableCallException("response has " + items.described() + " at '" + spec.items()
                        + "' where an object keyed by row id was expected (set response.id when the items are a list)");
            }
            for (int item = 0; item < items.size(); item++) {
                assign(items.key(item), items, item, rowsById, verdicts, unknownIds);
            }
        } else {
            if (items.kind() != ResponseItems.Kind.ARRAY) {
                throw new UnreadableCallException("response has " + items.described() + " at '" + spec.items()
                        + "' where a list of items with ids at '" + spec.id() + "' was expected (remove response.id when the "
                        + "items are an object keyed by row id)");
            }
            for (int item = 0; item < items.size(); item++) {
                JsonNode ids = items.value(item, ResponseItems.ID);
                if (!Json.present(ids) || ids.isObject()) {
                    withoutId++;
                } else if (ids.isArray()) {
                    for (JsonNode id : ids) {
                        assign(Json.text(id), items, item, rowsById, verdicts, unknownIds);
                    }
                } else {
                    assign(Json.text(ids), items, item, rowsById, verdicts, unknownIds);
                }
            }
        }
        return new Verdicts(verdicts.finish(unlisted), note(spec, unknownIds, withoutId));
    }

    private static void assign(String id, ResponseItems items, int item, RowsById rowsById, ItemVerdicts verdicts,
                               List<String> unknownIds) {
        int first = rowsById.first(id);
        if (first < 0) {
            unknownIds.add(id);
            return;
        }
        for (int position = first; position >= 0; position = rowsById.next(position)) {
            verdicts.add(position, items, item);
        }
    }

    /** Items we could not tie to a row may hide failures: say so rather than drop them silently. */
    private static String note(ResponseSpec spec, List<String> unknownIds, int withoutId) {
        List<String> parts = new ArrayList<>();
        if (!unknownIds.isEmpty()) {
            parts.add(unknownIds.size() + " response items at '" + spec.items() + "' name ids that are not in the request ("
                    + some(unknownIds) + ")");
        }
        if (withoutId > 0) {
            parts.add(withoutId + " response items at '" + spec.items() + "' have no id at '" + spec.id() + "'");
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** The first few of {@code ids}, quoted, for a note that names them. */
    static String some(List<String> ids) {
        return ids.stream().limit(MAX_IDS_SHOWN).map(Reasons::quoted).collect(Collectors.joining(", "))
                + (ids.size() > MAX_IDS_SHOWN ? ", …" : "");
    }

}
