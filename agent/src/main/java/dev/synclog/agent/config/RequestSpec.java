package dev.synclog.agent.config;

import com.fasterxml.jackson.core.JsonPointer;
import dev.synclog.events.OpType;

import java.util.Map;

/**
 * How to find rows in a request body.
 *
 * @param encoding          how the (decompressed) body is written
 * @param formField         for {@link BodyEncoding#FORM}: the field holding JSON; null = the form's fields are the body
 * @param formBase64        the form field's JSON is base64-encoded (Mixpanel's classic {@code data=} style)
 * @param compression       when to gunzip the body
 * @param rows              the array of rows, or null when the whole body is one row
 * @param rowId             the row id inside a row, or null when {@code rowIdPathVariable} gives it
 * @param rowIdPathVariable the path template variable holding the row id, or null
 * @param fields            the row's fields inside the row ({@link JsonPointer#empty()} = the whole row)
 * @param fieldNames        where the body names the values of rows written as arrays (Meta's {@code schema}), or
 *                          null when rows are objects
 * @param op                the op of every row, or the fallback when {@code opField} is set but unmapped
 * @param opField           where a row says its own op, or null
 * @param opValues          the row's op values mapped to ops; empty = the value must be an op's wire name
 * @param opWhenPresent     places in a row mapped to the op of a row that has a value there (not null), the first
 *                          that fits deciding: rows that name their operation by a member
 *                          ({@code {"DeleteRequest":{…}}}); empty = none, and {@code op}/{@code opField} decide
 */
public record RequestSpec(BodyEncoding encoding, String formField, boolean formBase64, Compression compression,
                          JsonPointer rows, JsonPointer rowId, String rowIdPathVariable, JsonPointer fields,
                          JsonPointer fieldNames,
                          OpType op, JsonPointer opField, Map<String, OpType> opValues,
                          Map<JsonPointer, OpType> opWhenPresent) {

    public enum BodyEncoding {
        JSON, NDJSON, FORM,
        /** Elasticsearch / OpenSearch {@code _bulk}: an action line, then a document line except after {@code delete}. */
        BULK
    }

    public enum Compression {
        /** Gunzip when Content-Encoding says gzip (or deflate), or the bytes start with gzip's magic number. */
        AUTO,
        /** Always gunzip: for clients that compress without saying so. */
        GZIP,
        /** Never decompress. */
        NONE
    }

    public boolean wholeBodyIsOneRow() {
        return rows == null;
    }

    /** The name the row id was read from: a path variable or the last name of its pointer; privacy rules apply to it. */
    public String rowIdName() {
        if (rowIdPathVariable != null) {
            return rowIdPathVariable;
        }
        String last = rowId.last() == null ? "" : rowId.last().getMatchingProperty();
        return last == null ? "" : last;
    }
}
