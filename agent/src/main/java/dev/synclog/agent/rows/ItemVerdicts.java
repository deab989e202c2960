package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.agent.config.ResponseSpec;

/**
 * Gathers what result items say about each row: a row fails when any item about it fails (reasons joined with
 * "; "), succeeds when items about it all succeed, and gets the "unlisted" verdict when no item names it.
 */
final class ItemVerdicts {
    private final ResponseSpec spec;
    private final boolean[] listed;
    /**
     * Per row, the reasons of the items that failed it joined with "; ", null while none did; the array itself null
     * until one failed.
     */
    private StringBuilder[] reasons;

    ItemVerdicts(ResponseSpec spec, int rows) {
        this.spec = spec;
        this.listed = new boolean[rows];
    }

    /** Records that the item at {@code item} of {@code items} is about the row at {@code rowPosition} of the extracted rows. */
    void add(int rowPosition, ResponseItems items, int item) {
        listed[rowPosition] = true;
        if (failed(items, item)) {
            addReason(rowPosition, spec.reasonText() != null ? spec.reasonText() : Reasons.item(items.item(item)));
        }
    }

    /** Records that an error list names the row at {@code rowPosition} of the extracted rows, for {@code reason}. */
    void fail(int rowPosition, String reason) {
        listed[rowPosition] = true;
        addReason(rowPosition, reason);
    }

    /** Without a success/error test every item is an error; otherwise the test decides. */
    private boolean failed(ResponseItems items, int item) {
        if (spec.itemsAreErrors()) {
            return true;
        }
        if (spec.error() != null) {
            return Json.present(items.value(item, ResponseItems.ERROR));
        }
        return failsSuccessTest(spec, items.value(item, ResponseItems.SUCCESS));
    }

    /** {@code value}, found at {@code success}, means failure: not JSON true, or not one of {@code success_values}. */
    static boolean failsSuccessTest(ResponseSpec spec, JsonNode value) {
        if (spec.successValues().isEmpty()) {
            return !(value.isBoolean() && value.booleanValue());
        }
        return !(value.isValueNode() && spec.successValues().contains(value.asText()));
    }

    private void addReason(int row, String reason) {
        if (reasons == null) {
            reasons = new StringBuilder[listed.length];
        }
        if (reasons[row] == null) {
            reasons[row] = new StringBuilder(reason);
        } else {
            reasons[row].append("; ").append(reason);
        }
    }

    Verdict[] finish(Verdict unlisted) {
        Verdict[] out = new Verdict[listed.length];
        for (int i = 0; i < out.length; i++) {
            StringBuilder rowReasons = reasons == null ? null : reasons[i];
            out[i] = !listed[i] ? unlisted
                    : rowReasons == null ? Verdict.SUCCEEDED
                    : Verdict.failed(Reasons.oneLine(rowReasons.toString(), Reasons.MAX_REASON_CHARS));
        }
        return out;
    }
}
