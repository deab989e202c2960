package dev.synclog.events;

public final class RunStarted extends SyncEvent<RunStarted> {
    private String syncId;
    /** Unique, and sorts (as a string) in start order. */
    private String runId;
    private String modelName;
    /** Name of the model's primary key column. */
    private String primaryKey;
    private String destination;
    private String traceId;
    private String spanId;

    public String syncId() { return syncId; }
    public RunStarted syncId(String v) { syncId = v; return this; }
    public String runId() { return runId; }
    public RunStarted runId(String v) { runId = v; return this; }
    public String modelName() { return modelName; }
    public RunStarted modelName(String v) { modelName = v; return this; }
    public String primaryKey() { return primaryKey; }
    public RunStarted primaryKey(String v) { primaryKey = v; return this; }
    public String destination() { return destination; }
    public RunStarted destination(String v) { destination = v; return this; }
    public String traceId() { return traceId; }
    public RunStarted traceId(String v) { traceId = v; return this; }
    public String spanId() { return spanId; }
    public RunStarted spanId(String v) { spanId = v; return this; }
}
