package dev.synclog.agent.rows;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.ResponseSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Error lists grouped by reason, at the places {@code response.error_lists} names: each a list of failed rows' ids
 * ({@code by_id}) or request indexes ({@code by_index}) whose name is the reason (Iterable's {@code invalidEmails}), or
 * an object whose members are such lists, the reason naming both (Amplitude's {@code events_with_invalid_fields: time}).
 * Read from the response's tree: such answers are small, and only endpoints configured with error lists come here.
 */
final class ErrorListsOutcome {
    /** The reason of rows in a list at the response's root, which has no name. */
    private static final String UNNAMED_LIST = "listed as failed in the response";

    private final RowsById rowsById;
    private final RowsByIndex rowsByIndex;
    private final ItemVerdicts verdicts;
    private final List<String> unknownIds = new ArrayList<>();

    private ErrorListsOutcome(RowExtractor.Extracted request, ResponseSpec spec) {
        boolean byId = spec.outcome() == ResponseSpec.Outcome.BY_ID;
        this.rowsById = byId ? new RowsById(request.rows()) : null;
        this.rowsByIndex = byId ? null : new RowsByIndex(request);
        this.verdicts = new ItemVerdicts(spec, request.rows().size());
    }

    /**
     * @param body     the response, not null
     * @param unlisted the verdict of rows no list names
     * @return null when no place holds a list (each is missing or null): the response names no row at all
     * @throws UnreadableCallException when a place holds something else than lists, or a list names no request row by index
     */
    static OutcomeReader.Verdicts read(JsonNode body, RowExtractor.Extracted request, ResponseSpec spec, Verdict unlisted)
            throws UnreadableCallException {
        ErrorListsOutcome outcome = new ErrorListsOutcome(request, spec);
        boolean anyList = false;
        for (JsonPointer place : spec.errorLists()) {
            anyList |= outcome.place(place, body.at(place));
        }
        if (!anyList) {
            return null;
        }
        String note = outcome.unknownIds.isEmpty() ? null : "ids in the response's error lists that are not in the request: "
                + outcome.unknownIds.size() + " (" + ByIdOutcome.some(outcome.unknownIds) + ")";
        return new OutcomeReader.Verdicts(outcome.verdicts.finish(unlisted), note);
    }

    /** @return whether {@code value} holds lists */
    private boolean place(JsonPointer place, JsonNode value) throws UnreadableCallException {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        String name = place.last() == null ? null : place.last().getMatchingProperty();
        if (value.isArray()) {
            list(place, value, name == null ? UNNAMED_LIST : name);
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> members = value.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                JsonPointer at = place.appendProperty(member.getKey());
                if (member.getValue().isArray()) {
                    list(at, member.getValue(), name == null ? member.getKey() : name + ": " + member.getKey());
                } else if (!member.getValue().isNull()) {
                    throw new UnreadableCallException("response has " + described(member.getValue()) + " at '" + at
                            + "' where a list of " + rowsNamedBy() + " was expected (response.error_lists)");
                }
            }
        } else {
            throw new UnreadableCallException("response has " + described(value) + " at '" + place + "' where a list of "
                    + rowsNamedBy() + ", or an object whose members are such lists, was expected (response.error_lists)");
        }
        return true;
    }

    private void list(JsonPointer at, JsonNode list, String reason) throws UnreadableCallException {
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            if (rowsByIndex != null) {
                int index = rowsByIndex.requestIndex(entry);
                if (index < 0) {
                    throw new UnreadableCallException(rowsByIndex.noSuchRow("response list '" + at + "' at " + i,
                            RowsByIndex.quoted(entry)));
                }
                int row = rowsByIndex.row(index);
                if (row >= 0) {
                    verdicts.fail(row, reason);
                }
            } else if (entry.isValueNode() && !entry.isNull()) {
                String id = Json.text(entry);
                int first = rowsById.first(id);
                if (first < 0) {
                    unknownIds.add(id);
                }
                for (int position = first; position >= 0; position = rowsById.next(position)) {
                    verdicts.fail(position, reason);
                }
            } else {
                throw new UnreadableCallException("response has " + described(entry) + " at '" + at.appendIndex(i)
                        + "' where a row id was expected (response.error_lists)");
            }
        }
    }

    private String rowsNamedBy() {
        return rowsByIndex != null ? "row indexes" : "row ids";
    }

    /** A value as it is, a container or null by its kind. */
    private static String described(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? "the value '" + Reasons.quoted(Json.text(value)) + "'" : Json.kind(value);
    }
}
