package dev.synclog.agent.rows;

import dev.synclog.events.OpType;

/**
 * A row as read from the request: its id before privacy rules (to match results by), its fields after them.
 *
 * @param index  position in the request's row array, which index-aligned and by-index results refer to
 * @param rawId  the id as sent (privacy may hash it on output)
 * @param fields the row's fields as JSON, privacy rules applied
 */
record ExtractedRow(int index, String rawId, OpType op, String fields) {
}
