package dev.synclog.events;

import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

public final class CallCompleted extends SyncEvent<CallCompleted> {
    private String syncId;
    private String runId;
    /** Sequence of the call within this agent process; row results of the call carry it. */
    private long callId;
    /** Name of the configured endpoint rule that matched. */
    private String endpoint;
    private String destination;
    private String object;
    private String httpMethod;
    /** Scheme, host, port and path; never the query string (it often carries keys). */
    private String url;
    /** 0 when no response was received. */
    private int httpStatus;
    private long latencyMicros;
    private int rowsSucceeded;
    private int rowsFailed;
    /** Why the call as a whole failed or could not be read (transport error, body over the cap, bad JSON); null if none. */
    private String error;
    private String traceId;
    private String spanId;

    public String syncId() { return syncId; }
    public CallCompleted syncId(String v) { syncId = v; return this; }
    public String runId() { return runId; }
    public CallCompleted runId(String v) { runId = v; return this; }
    public long callId() { return callId; }
    public CallCompleted callId(long v) { callId = v; return this; }
    public String endpoint() { return endpoint; }
    public CallCompleted endpoint(String v) { endpoint = v; return this; }
    public String destination() { return destination; }
    public CallCompleted destination(String v) { destination = v; return this; }
    public String object() { return object; }
    public CallCompleted object(String v) { object = v; return this; }
    public String httpMethod() { return httpMethod; }
    public CallCompleted httpMethod(String v) { httpMethod = v; return this; }
    public String url() { return url; }
    public CallCompleted url(String v) { url = v; return this; }
    public int httpStatus() { return httpStatus; }
    public CallCompleted httpStatus(int v) { httpStatus = v; return this; }
    public long latencyMicros() { return latencyMicros; }
    public CallCompleted latencyMicros(long v) { latencyMicros = v; return this; }
    public int rowsSucceeded() { return rowsSucceeded; }
    public CallCompleted rowsSucceeded(int v) { rowsSucceeded = v; return this; }
    public int rowsFailed() { return rowsFailed; }
    public CallCompleted rowsFailed(int v) { rowsFailed = v; return this; }
    public String error() { return error; }
    public CallCompleted error(String v) { error = v; return this; }
    public String traceId() { return traceId; }
    public CallCompleted traceId(String v) { traceId = v; return this; }
    public String spanId() { return spanId; }
    public CallCompleted spanId(String v) { spanId = v; return this; }

    @Override
    public void writeMarshallable(WireOut wire) {
        writeCommonFields(wire);
        writeText(wire, "syncId", syncId);
        writeText(wire, "runId", runId);
        wire.write("callId").int64(callId);
        writeText(wire, "endpoint", endpoint);
        writeText(wire, "destination", destination);
        writeText(wire, "object", object);
        writeText(wire, "httpMethod", httpMethod);
        writeText(wire, "url", url);
        wire.write("httpStatus").int32(httpStatus);
        wire.write("latencyMicros").int64(latencyMicros);
        wire.write("rowsSucceeded").int32(rowsSucceeded);
        wire.write("rowsFailed").int32(rowsFailed);
        writeText(wire, "error", error);
        writeText(wire, "traceId", traceId);
        writeText(wire, "spanId", spanId);
    }

    @Override
    public void readMarshallable(WireIn wire) {
        readCommonFields(wire);
        syncId = readText(wire, "syncId");
        runId = readText(wire, "runId");
        callId = readInt64(wire, "callId");
        endpoint = readText(wire, "endpoint");
        destination = readText(wire, "destination");
        object = readText(wire, "object");
        httpMethod = readText(wire, "httpMethod");
        url = readText(wire, "url");
        httpStatus = readInt32(wire, "httpStatus");
        latencyMicros = readInt64(wire, "latencyMicros");
        rowsSucceeded = readInt32(wire, "rowsSucceeded");
        rowsFailed = readInt32(wire, "rowsFailed");
        error = readText(wire, "error");
        traceId = readText(wire, "traceId");
        spanId = readText(wire, "spanId");
    }
}
