package dev.synclog.events;

/**
 * The queue's schema. The agent appends through a Chronicle method writer of this interface and the
 * exporter reads through a method reader implementing it: one method per event type.
 *
 * <p>Compatibility rule: fields may be added to an event (readers default them), never renamed or
 * re-typed. A change that old readers cannot ignore bumps {@link SchemaVersion#CURRENT}; readers
 * refuse events whose version is newer than theirs.
 */
public interface SyncEvents {

    /** First event an agent process writes: who is writing this queue from now on. */
    void agentStarted(AgentStarted event);

    void runStarted(RunStarted event);

    /** One destination call and its rows' outcomes: what agents of schema version 2 on write per call. */
    void callRows(CallRows event);

    /** One destination call, written by agents of schema version 1 before the row results it produced. */
    void callCompleted(CallCompleted event);

    /** One row's outcome, written by agents of schema version 1 after its call's {@link #callCompleted}. */
    void rowResult(RowResult event);

    void runFinished(RunFinished event);

    /** Events the agent could not write (queue not ready, disk nearly full, backlog full). */
    void eventsDropped(EventsDropped event);
}
