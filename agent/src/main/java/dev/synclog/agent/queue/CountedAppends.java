package dev.synclog.agent.queue;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.synclog.agent.capture.InjectedFault;
import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;

/**
 * The queue's method writer, counting the events it appended: when an append throws (a cycle file that cannot be
 * created, a directory gone), the writer knows how many of the events it meant to write were lost, and counts them.
 * {@code -Dsynclog.inject-fault=append} makes appends 11 to 15 fail, as a queue whose directory is unwritable for a
 * while would.
 */
final class CountedAppends implements SyncEvents {
    private static final boolean FAULT_INJECTED = InjectedFault.isInjected("append");

    private final SyncEvents queue;
    private long appended;
    private long attempts;

    CountedAppends(SyncEvents queue) {
        this.queue = queue;
    }

    long appended() {
        return appended;
    }

    @Override
    public void agentStarted(AgentStarted event) {
        attempt();
        queue.agentStarted(event);
        appended++;
    }

    @Override
    public void runStarted(RunStarted event) {
        attempt();
        queue.runStarted(event);
        appended++;
    }

    @Override
    public void callCompleted(CallCompleted event) {
        attempt();
        queue.callCompleted(event);
        appended++;
    }

    @Override
    public void rowResult(RowResult event) {
        attempt();
        queue.rowResult(event);
        appended++;
    }

    @Override
    public void runFinished(RunFinished event) {
        attempt();
        queue.runFinished(event);
        appended++;
    }

    @Override
    public void eventsDropped(EventsDropped event) {
        attempt();
        queue.eventsDropped(event);
        appended++;
    }

    private void attempt() {
        if (FAULT_INJECTED && ++attempts > 10 && attempts <= 15) {
            throw new UncheckedIOException(new IOException(
                    "synclog fault injected at 'append' (-Dsynclog.inject-fault): appends 11 to 15 fail"));
        }
    }
}
