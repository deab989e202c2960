package dev.synclog.agent.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.QueueLayout;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvents;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Everything an agent wrote to a queue directory, read back through the schema's method reader. A call written as one
 * {@link CallRows} is collected as the {@link CallCompleted} and {@link RowResult}s it stands for, so that tests read
 * calls of either form alike; {@link #callEvents} counts the excerpts the calls took.
 */
final class RecordedEvents implements SyncEvents {
    final List<Object> all = new ArrayList<>();
    final List<AgentStarted> agents = new ArrayList<>();
    final List<RunStarted> runsStarted = new ArrayList<>();
    final List<CallCompleted> calls = new ArrayList<>();
    final List<RowResult> rows = new ArrayList<>();
    final List<RunFinished> runsFinished = new ArrayList<>();
    final List<EventsDropped> dropped = new ArrayList<>();
    /** The calls as written: {@link CallRows}, or {@link CallCompleted}s of agents of event schema version 1. */
    final List<Object> callEvents = new ArrayList<>();

    static RecordedEvents read(Path dir) throws IOException {
        RecordedEvents events = new RecordedEvents();
        try (SingleChronicleQueue queue = QueueLayout.openForReading(dir)) {
            MethodReader reader = queue.createTailer().methodReader(events);
            while (reader.readOne()) {
                // collects into the lists
            }
        }
        return events;
    }

    @Override
    public void agentStarted(AgentStarted e) {
        add(agents, e.deepCopy());
    }

    @Override
    public void runStarted(RunStarted e) {
        add(runsStarted, e.deepCopy());
    }

    @Override
    public void callRows(CallRows e) {
        callEvents.add(e.deepCopy());
        add(calls, e.asCallCompleted());
        for (int i = 0; i < e.rowCount(); i++) {
            add(rows, e.asRowResult(i));
        }
    }

    @Override
    public void callCompleted(CallCompleted e) {
        callEvents.add(e.deepCopy());
        add(calls, e.deepCopy());
    }

    @Override
    public void rowResult(RowResult e) {
        add(rows, e.deepCopy());
    }

    @Override
    public void runFinished(RunFinished e) {
        add(runsFinished, e.deepCopy());
    }

    @Override
    public void eventsDropped(EventsDropped e) {
        add(dropped, e.deepCopy());
    }

    private <T> void add(List<T> list, T event) {
        list.add(event);
        all.add(event);
    }

    /** A row's outcome as a short line, for exact comparisons: {@code id op status reason #attempt}. */
    static String outcome(RowResult r) {
        return r.rowId() + " " + r.opType() + " " + r.status() + " " + r.failureReason() + " #" + r.attempt();
    }

    /** A row as a short line, for exact comparisons: {@code id op status reason fields attempt}. */
    static String line(RowResult r) {
        return r.rowId() + " " + r.opType() + " " + r.status() + " " + r.failureReason() + " " + r.fields() + " #" + r.attempt();
    }
}
