package dev.synclog.events;

/** Written once the agent can write again, for the events it lost meanwhile. */
public final class EventsDropped extends SyncEvent<EventsDropped> {
    /** The run the dropped events belonged to, or null when they spanned runs or none was active. */
    private String runId;
    /** One of {@link DropReason}'s wire names. */
    private String reason;
    private long count;

    public String runId() { return runId; }
    public EventsDropped runId(String v) { runId = v; return this; }
    public String reason() { return reason; }
    public EventsDropped reason(String v) { reason = v; return this; }
    public long count() { return count; }
    public EventsDropped count(long v) { count = v; return this; }
}
