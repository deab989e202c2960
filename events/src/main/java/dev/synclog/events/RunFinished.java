package dev.synclog.events;

public final class RunFinished extends SyncEvent<RunFinished> {
    private String syncId;
    private String runId;
    /** One of {@link RunStatus}'s wire names. */
    private String status;
    /** The exception that ended the run method, if any. */
    private String error;
    /** Events of this run the agent had to drop. */
    private long eventsDropped;

    public String syncId() { return syncId; }
    public RunFinished syncId(String v) { syncId = v; return this; }
    public String runId() { return runId; }
    public RunFinished runId(String v) { runId = v; return this; }
    public String status() { return status; }
    public RunFinished status(String v) { status = v; return this; }
    public String error() { return error; }
    public RunFinished error(String v) { error = v; return this; }
    public long eventsDropped() { return eventsDropped; }
    public RunFinished eventsDropped(long v) { eventsDropped = v; return this; }
}
