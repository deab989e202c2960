package dev.synclog.agent.queue;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.synclog.agent.capture.InjectedFault;
import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.MethodWriter;
import net.openhft.chronicle.wire.Wire;

/**
 * The queue's method writer, counting the events it appended (a call as its call event and one per row, as agents of
 * event schema version 1 wrote and as drops are counted): when an append throws (a cycle file that cannot be
 * created, a directory gone), the writer knows how many of the events it meant to write were lost, and counts them.
 * {@code -Dsynclog.inject-fault=append} makes appends 11 to 15 fail, as a queue whose directory is unwritable for a
 * while would.
 */
final class CountedAppends implements SyncEvents {
    private static final boolean FAULT_INJECTED = InjectedFault.isInjected("append");

    private final ExcerptAppender appender;
    private final SyncEvents queue;
    private long appended;
    private long attempts;
    /** The appender's wire whose bytes no longer check their thread. */
    private Wire unchecked;

    CountedAppends(ExcerptAppender appender) {
        this.appender = appender;
        appender.singleThreadedCheckDisabled(true);
        SyncEvents writer = appender.methodWriter(SyncEvents.class);
        // An appender's method writer appends through the queue's appender for the calling thread, not through the
        // appender it came from: pointed back at this one, the writes get the check turned off above.
        ((MethodWriter) writer).marshallableOut(appender);
        this.queue = writer;
    }

    long appended() {
        return appended;
    }

    @Override
    public void agentStarted(AgentStarted event) {
        attempt();
        queue.agentStarted(event);
        landed();
    }

    @Override
    public void runStarted(RunStarted event) {
        attempt();
        queue.runStarted(event);
        landed();
    }

    @Override
    public void callRows(CallRows event) {
        attempt();
        queue.callRows(event);
        landed(1 + event.rowCount());
    }

    @Override
    public void callCompleted(CallCompleted event) {
        attempt();
        queue.callCompleted(event);
        landed();
    }

    @Override
    public void rowResult(RowResult event) {
        attempt();
        queue.rowResult(event);
        landed();
    }

    @Override
    public void runFinished(RunFinished event) {
        attempt();
        queue.runFinished(event);
        landed();
    }

    @Override
    public void eventsDropped(EventsDropped event) {
        attempt();
        queue.eventsDropped(event);
        landed();
    }

    private void landed() {
        landed(1);
    }

    private void landed(int events) {
        appended += events;
        Wire wire = appender.wire();
        if (wire != unchecked && wire != null) {
            wire.bytes().singleThreadedCheckDisabled(true);
            unchecked = wire;
        }
    }

    private void attempt() {
        if (FAULT_INJECTED && ++attempts > 10 && attempts <= 15) {
            throw new UncheckedIOException(new IOException(
                    "synclog fault injected at 'append' (-Dsynclog.inject-fault): appends 11 to 15 fail"));
        }
    }
}
