package dev.synclog.agent.rows;

import dev.synclog.events.OpType;
import dev.synclog.events.RowStatus;

/**
 * One row's outcome in one call. {@code rowId} is already hashed when privacy rules protect the id's field;
 * {@code fieldsJson} is JSON after exclude/hash/mask (see {@link RowExtractor}); {@code failureReason} is null on success.
 */
public record RowOutcome(String rowId, OpType op, RowStatus status, String failureReason, String fieldsJson) {
}
