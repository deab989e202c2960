package dev.synclog.agent.rows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synclog.events.OpType;

/**
 * A row as read from the request, before privacy rules.
 *
 * @param index  position in the request's row array, which index-aligned and by-index results refer to
 * @param rawId  the id as sent (privacy may hash it on output)
 * @param fields the row's fields, a subtree of the decoded body
 */
record ExtractedRow(int index, String rawId, OpType op, JsonNode fields) {
}
