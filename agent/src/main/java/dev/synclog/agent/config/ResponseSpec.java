package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonPointer;

import java.util.List;

/**
 * How to tell each row's outcome from the response.
 *
 * @param outcome         which response shape carries per-row results
 * @param items           where the per-row items are (array, or for {@link Outcome#BY_ID} also an object keyed by row id)
 * @param id              inside an item: the row id(s) it is about (a value or an array of values); null = items is keyed by id
 * @param index           inside an item: the 0-based index of the request row it is about
 * @param success         inside an item (for {@link Outcome#HTTP_STATUS}: inside a 2xx body) the value telling success;
 *                        null when {@code error} or no test is used
 * @param successValues   values of {@code success} meaning success (compared as text); empty = JSON {@code true}
 * @param error           inside an item (or a 2xx body): present, non-null, non-false and non-empty means failed
 * @param reason          inside an item: the failure text; null = the error value, else the item as compact JSON
 * @param reasonText      the failure text of every row an item fails, instead of one read from the item (for APIs that
 *                        list the rows they did not take without saying why: DynamoDB's {@code UnprocessedItems}); null
 *                        = read from the item
 * @param errorLists      for {@link Outcome#BY_ID} and {@link Outcome#BY_INDEX}: where error lists grouped by reason are
 *                        (each a list of row ids or indexes, or an object whose members are such lists, each member's
 *                        name the reason); empty when the items are at {@code items}
 * @param unlisted        for {@link Outcome#BY_ID} and {@link Outcome#BY_INDEX}: the outcome of rows no item names
 * @param httpErrorReason in a non-2xx body: the call's failure text; null = common places, else the trimmed body
 * @param itemsOnErrorStatus whether per-row items in a non-2xx body decide the rows (Mixpanel's 400 with
 *                        {@code failed_records}), or a non-2xx fails every row whatever its body holds (Salesforce
 *                        answers a refused call with an error array where its per-row results would be)
 */
public record ResponseSpec(Outcome outcome, JsonPointer items, JsonPointer id, JsonPointer index,
                           JsonPointer success, List<String> successValues, JsonPointer error, JsonPointer reason,
                           String reasonText,
                           List<JsonPointer> errorLists, Unlisted unlisted, JsonPointer httpErrorReason,
                           boolean itemsOnErrorStatus) {

    public enum Outcome {
        /** All rows succeed on 2xx (whose body passes the test, when there is one) and fail otherwise. */
        HTTP_STATUS,
        /** {@code items[i]} is the result of request row i. */
        INDEX_ALIGNED,
        /** Items name the rows they are about by id (a list with an id pointer, or an object keyed by id). */
        BY_ID,
        /** Items name the rows they are about by index (Mixpanel's {@code failed_records}). */
        BY_INDEX
    }

    /** What becomes of rows that no item names. */
    public enum Unlisted {
        SUCCEEDED,
        /** Failed with "no result for this row in the response". */
        FAILED,
        /**
         * As {@link Outcome#HTTP_STATUS} decides: succeeded on a 2xx, failed with the call's reason otherwise (Amplitude
         * takes none of a batch it refuses with 400, though its body names only the invalid events).
         */
        HTTP_STATUS
    }

    /** Items without a success/error test are all failures: the list is an error list. */
    public boolean itemsAreErrors() {
        return success == null && error == null;
    }
}
