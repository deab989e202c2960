package dev.synclog.events;

import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/** The outcome of one attempt to write one row to a destination. */
public final class RowResult extends SyncEvent<RowResult> {
    private String syncId;
    private String runId;
    private long callId;
    private String rowId;
    /** One of {@link OpType}'s wire names. */
    private String opType;
    /** One of {@link RowStatus}'s wire names. */
    private String status;
    private String failureReason;
    /** The row's fields as a JSON object, after exclude/hash/mask. */
    private String fields;
    private String destination;
    private String object;
    private int httpStatus;
    /** 1 for the first attempt of this row in this run, then 2, 3, ... */
    private int attempt;
    private String traceId;
    private String spanId;

    public String syncId() { return syncId; }
    public RowResult syncId(String v) { syncId = v; return this; }
    public String runId() { return runId; }
    public RowResult runId(String v) { runId = v; return this; }
    public long callId() { return callId; }
    public RowResult callId(long v) { callId = v; return this; }
    public String rowId() { return rowId; }
    public RowResult rowId(String v) { rowId = v; return this; }
    public String opType() { return opType; }
    public RowResult opType(String v) { opType = v; return this; }
    public String status() { return status; }
    public RowResult status(String v) { status = v; return this; }
    public String failureReason() { return failureReason; }
    public RowResult failureReason(String v) { failureReason = v; return this; }
    public String fields() { return fields; }
    public RowResult fields(String v) { fields = v; return this; }
    public String destination() { return destination; }
    public RowResult destination(String v) { destination = v; return this; }
    public String object() { return object; }
    public RowResult object(String v) { object = v; return this; }
    public int httpStatus() { return httpStatus; }
    public RowResult httpStatus(int v) { httpStatus = v; return this; }
    public int attempt() { return attempt; }
    public RowResult attempt(int v) { attempt = v; return this; }
    public String traceId() { return traceId; }
    public RowResult traceId(String v) { traceId = v; return this; }
    public String spanId() { return spanId; }
    public RowResult spanId(String v) { spanId = v; return this; }

    @Override
    public void writeMarshallable(WireOut wire) {
        writeCommonFields(wire);
        writeText(wire, "syncId", syncId);
        writeText(wire, "runId", runId);
        wire.write("callId").int64(callId);
        writeText(wire, "rowId", rowId);
        writeText(wire, "opType", opType);
        writeText(wire, "status", status);
        writeText(wire, "failureReason", failureReason);
        writeText(wire, "fields", fields);
        writeText(wire, "destination", destination);
        writeText(wire, "object", object);
        wire.write("httpStatus").int32(httpStatus);
        wire.write("attempt").int32(attempt);
        writeText(wire, "traceId", traceId);
        writeText(wire, "spanId", spanId);
    }

    @Override
    public void readMarshallable(WireIn wire) {
        readCommonFields(wire);
        syncId = readText(wire, "syncId");
        runId = readText(wire, "runId");
        callId = readInt64(wire, "callId");
        rowId = readText(wire, "rowId");
        opType = readText(wire, "opType");
        status = readText(wire, "status");
        failureReason = readText(wire, "failureReason");
        fields = readText(wire, "fields");
        destination = readText(wire, "destination");
        object = readText(wire, "object");
        httpStatus = readInt32(wire, "httpStatus");
        attempt = readInt32(wire, "attempt");
        traceId = readText(wire, "traceId");
        spanId = readText(wire, "spanId");
    }
}
