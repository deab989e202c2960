package dev.synclog.example.destinations;

/**
 * One attempt at one row, as a destination answered it: the unit of the ground truth.
 *
 * @param run        the {@code X-Sync-Run} header of the request (0 when absent)
 * @param endpoint   {@code upsert}, {@code archive}, {@code members:add} or {@code members:remove}
 * @param op         {@code added}, {@code changed} (an upsert of a contact that existed) or {@code removed}
 * @param attempt    1 for the first time this row reached this destination in this run, 2 for a retry, …
 * @param status     {@code succeeded} or {@code failed}
 * @param reason     why it failed, null when it succeeded
 * @param message    the exact text the API answered for this row, null when it succeeded
 */
public record RowOutcome(int run, String destination, String endpoint, String rowId, String op, int attempt,
                         int httpStatus, String status, Reason reason, String message) {
}
