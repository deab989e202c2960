package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.ResponseSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers what result items say about each row: a row fails when any item about it fails (reasons joined with
 * "; "), succeeds when items about it all succeed, and gets the "unlisted" verdict when no item names it.
 */
final class ItemVerdicts {
    private final ResponseSpec spec;
    private final boolean[] listed;
    /** Per row, the reasons of the items that failed it, null while none did; the array itself null until one failed. */
    private List<?>[] reasons;

    ItemVerdicts(ResponseSpec spec, int rows) {
        this.spec = spec;
        this.listed = new boolean[rows];
    }

    /** Records that the item at {@code item} of {@code items} is about the row at {@code rowPosition} of the extracted rows. */
    void add(int rowPosition, ResponseItems items, int item) {
        listed[rowPosition] = true;
        if (failed(items, item)) {
            reasonsOf(rowPosition).add(Reasons.item(items.item(item)));
        }
    }

    /** Without a success/error test every item is an error; otherwise the test decides. */
    private boolean failed(ResponseItems items, int item) {
        if (spec.itemsAreErrors()) {
            return true;
        }
        if (spec.error() != null) {
            return Json.present(items.value(item, ResponseItems.ERROR));
        }
        JsonNode value = items.value(item, ResponseItems.SUCCESS);
        if (spec.successValues().isEmpty()) {
            return !(value.isBoolean() && value.booleanValue());
        }
        return !(value.isValueNode() && spec.successValues().contains(value.asText()));
    }

    @SuppressWarnings("unchecked")
    private List<String> reasonsOf(int row) {
        if (reasons == null) {
            reasons = new List<?>[listed.length];
        }
        if (reasons[row] == null) {
            reasons[row] = new ArrayList<String>(1);
        }
        return (List<String>) reasons[row];
    }

    @SuppressWarnings("unchecked")
    Verdict[] finish(Verdict unlisted) {
        Verdict[] out = new Verdict[listed.length];
        for (int i = 0; i < out.length; i++) {
            List<String> rowReasons = reasons == null ? null : (List<String>) reasons[i];
            out[i] = !listed[i] ? unlisted
                    : rowReasons == null ? Verdict.SUCCEEDED
                    : Verdict.failed(Reasons.oneLine(String.join("; ", rowReasons), Reasons.MAX_REASON_CHARS));
        }
        return out;
    }
}
