package dev.synclog.events;

import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.ValueOut;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * One destination call and the outcome of each of its rows, in one excerpt (schema version 2 on). What the rows of a
 * call share (sync, run, call, destination, object, HTTP status, trace) is written once; the rows follow as one
 * sequence of {@value #ROW_VALUES} plain values each: row id, op type, status, failure reason, fields, attempt. Agents
 * of schema version 1 wrote a {@link CallCompleted} then one {@link RowResult} per row instead; readers take both.
 */
public final class CallRows extends SyncEvent<CallRows> {
    static final int ROW_VALUES = 6;
    private static final RowTexts NO_TEXTS = RowTexts.of();
    private static final int[] NO_INTS = new int[0];

    private String syncId;
    private String runId;
    /** Sequence of the call within this agent process. */
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
    /**
     * The place in the call of this excerpt's first row: 0, except where an agent finished a call whose first rows a
     * process that died had already written as row results.
     */
    private int firstRow;
    private int rowCount;
    private RowTexts rowIds = NO_TEXTS;
    /** {@link OpType}'s wire names. */
    private RowTexts opTypes = NO_TEXTS;
    /** {@link RowStatus}'s wire names. */
    private RowTexts statuses = NO_TEXTS;
    private RowTexts failureReasons = NO_TEXTS;
    /** Each row's fields as a JSON object, after exclude/hash/mask. */
    private RowTexts fields = NO_TEXTS;
    /** 1 for the first attempt of the row in this run, then 2, 3, ... */
    private int[] attempts = NO_INTS;

    public String syncId() { return syncId; }
    public CallRows syncId(String v) { syncId = v; return this; }
    public String runId() { return runId; }
    public CallRows runId(String v) { runId = v; return this; }
    public long callId() { return callId; }
    public CallRows callId(long v) { callId = v; return this; }
    public String endpoint() { return endpoint; }
    public CallRows endpoint(String v) { endpoint = v; return this; }
    public String destination() { return destination; }
    public CallRows destination(String v) { destination = v; return this; }
    public String object() { return object; }
    public CallRows object(String v) { object = v; return this; }
    public String httpMethod() { return httpMethod; }
    public CallRows httpMethod(String v) { httpMethod = v; return this; }
    public String url() { return url; }
    public CallRows url(String v) { url = v; return this; }
    public int httpStatus() { return httpStatus; }
    public CallRows httpStatus(int v) { httpStatus = v; return this; }
    public long latencyMicros() { return latencyMicros; }
    public CallRows latencyMicros(long v) { latencyMicros = v; return this; }
    public int rowsSucceeded() { return rowsSucceeded; }
    public CallRows rowsSucceeded(int v) { rowsSucceeded = v; return this; }
    public int rowsFailed() { return rowsFailed; }
    public CallRows rowsFailed(int v) { rowsFailed = v; return this; }
    public String error() { return error; }
    public CallRows error(String v) { error = v; return this; }
    public String traceId() { return traceId; }
    public CallRows traceId(String v) { traceId = v; return this; }
    public String spanId() { return spanId; }
    public CallRows spanId(String v) { spanId = v; return this; }
    public int firstRow() { return firstRow; }
    public CallRows firstRow(int v) { firstRow = v; return this; }

    public int rowCount() { return rowCount; }
    public String rowId(int row) { return rowIds.text(check(row)); }
    public String opType(int row) { return opTypes.text(check(row)); }
    public String status(int row) { return statuses.text(check(row)); }
    public String failureReason(int row) { return failureReasons.text(check(row)); }
    public String fields(int row) { return fields.text(check(row)); }
    public int attempt(int row) { return attempts[check(row)]; }

    /**
     * The first {@code count} rows of the given arrays, which the event holds (not copies) until the next call: the
     * agent hands over its call's arrays as they are.
     */
    public CallRows rows(int count, String[] rowIds, String[] opTypes, String[] statuses, String[] failureReasons,
                         String[] fields, int[] attempts) {
        return rows(count, RowTexts.of(rowIds), RowTexts.of(opTypes), RowTexts.of(statuses),
                RowTexts.of(failureReasons), RowTexts.of(fields), attempts);
    }

    /**
     * The first {@code count} rows of the given texts, which the event holds (not copies) until the next call: the
     * agent hands over the bytes it journaled the call's rows in ({@link Utf8Texts}).
     */
    public CallRows rows(int count, RowTexts rowIds, RowTexts opTypes, RowTexts statuses, RowTexts failureReasons,
                         RowTexts fields, int[] attempts) {
        int shortest = Math.min(Math.min(Math.min(rowIds.size(), opTypes.size()), Math.min(statuses.size(),
                failureReasons.size())), Math.min(fields.size(), attempts.length));
        if (shortest < count) {
            throw new IllegalArgumentException("an array of " + shortest + " values for " + count + " rows");
        }
        this.rowCount = count;
        this.rowIds = rowIds;
        this.opTypes = opTypes;
        this.statuses = statuses;
        this.failureReasons = failureReasons;
        this.fields = fields;
        this.attempts = attempts;
        return this;
    }

    /** The call as the {@link CallCompleted} an agent of schema version 1 wrote for it. */
    public CallCompleted asCallCompleted() {
        return new CallCompleted().syncId(syncId).runId(runId).callId(callId).endpoint(endpoint).destination(destination)
                .object(object).httpMethod(httpMethod).url(url).httpStatus(httpStatus).latencyMicros(latencyMicros)
                .rowsSucceeded(rowsSucceeded).rowsFailed(rowsFailed).error(error).traceId(traceId).spanId(spanId)
                .eventTimeMicros(eventTimeMicros()).version(version());
    }

    /** Row {@code row} as the {@link RowResult} an agent of schema version 1 wrote for it. */
    public RowResult asRowResult(int row) {
        return new RowResult().syncId(syncId).runId(runId).callId(callId).rowId(rowId(row)).opType(opType(row))
                .status(status(row)).failureReason(failureReason(row)).fields(fields(row)).destination(destination)
                .object(object).httpStatus(httpStatus).attempt(attempt(row)).traceId(traceId).spanId(spanId)
                .eventTimeMicros(eventTimeMicros()).version(version());
    }

    private int check(int row) {
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " of a call with " + rowCount + " rows");
        }
        return row;
    }

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
        wire.write("firstRow").int32(firstRow);
        wire.write("rowCount").int32(rowCount);
        wire.write("rows").sequence(this, wire, CallRows::writeRows);
    }

    private void writeRows(WireOut wire, ValueOut out) {
        GatheredValues values = GatheredValues.over(wire, out);
        for (int i = 0; i < rowCount; i++) {
            rowIds.write(i, values);
            opTypes.write(i, values);
            statuses.write(i, values);
            failureReasons.write(i, values);
            fields.write(i, values);
            values.int32(attempts[i]);
        }
        values.finish();
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
        firstRow = readInt32(wire, "firstRow");
        int count = readInt32(wire, "rowCount");
        if (count < 0) {
            throw new IllegalArgumentException("callRows of call " + callId + " has a negative rowCount " + count);
        }
        // Fresh arrays: an event read into must not write through arrays an agent handed to it.
        rowCount = count;
        Read read = new Read(count);
        ValueIn rows = wire.read("rows");
        int whole = rows.isPresent() ? rows.sequenceWithLength(read, (in, texts) -> texts.rows(in)) : 0;
        rowIds = RowTexts.of(read.rowIds);
        opTypes = RowTexts.of(read.opTypes);
        statuses = RowTexts.of(read.statuses);
        failureReasons = RowTexts.of(read.failureReasons);
        fields = RowTexts.of(read.fields);
        attempts = read.attempts;
        if (whole != count) {
            throw new IllegalArgumentException("callRows of call " + callId + " holds " + whole + " whole rows, but its"
                    + " rowCount says " + count);
        }
    }

    /** The rows of an excerpt as they are read. */
    private static final class Read {
        final String[] rowIds;
        final String[] opTypes;
        final String[] statuses;
        final String[] failureReasons;
        final String[] fields;
        final int[] attempts;

        Read(int count) {
            rowIds = new String[count];
            opTypes = new String[count];
            statuses = new String[count];
            failureReasons = new String[count];
            fields = new String[count];
            attempts = new int[count];
        }

        /** @return the number of whole rows read */
        int rows(ValueIn in) {
            int row = 0;
            while (in.hasNextSequenceItem() && row < attempts.length) {
                rowIds[row] = in.text();
                opTypes[row] = in.text();
                statuses[row] = in.text();
                failureReasons[row] = in.text();
                fields[row] = in.text();
                attempts[row] = in.int32();
                row++;
            }
            return in.hasNextSequenceItem() ? -1 : row;
        }
    }
}
