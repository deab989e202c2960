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
 * How often each row {@code r<k>} was recorded with attempt 1 and with attempt 2, read as a stream: the test's
 * JVM does not hold 600,000 row events.
 */
final class RecordedAttempts implements SyncEvents {
    final byte[] first;
    final byte[] second;
    final List<String> unexpected = new ArrayList<>();
    long dropped;

    private RecordedAttempts(int rows) {
        first = new byte[rows];
        second = new byte[rows];
    }

    static RecordedAttempts read(Path dir, int rows) throws IOException {
        RecordedAttempts attempts = new RecordedAttempts(rows);
        try (SingleChronicleQueue queue = QueueLayout.openForReading(dir)) {
            MethodReader reader = queue.createTailer().methodReader(attempts);
            while (reader.readOne()) {
                // counts into the arrays
            }
        }
        return attempts;
    }

    @Override
    public void callRows(CallRows e) {
        for (int i = 0; i < e.rowCount(); i++) {
            String id = e.rowId(i);
            int row = id.startsWith("r") ? Integer.parseInt(id.substring(1)) : -1;
            if (row < 0 || row >= first.length || e.attempt(i) < 1 || e.attempt(i) > 2) {
                unexpected.add(id + " #" + e.attempt(i));
            } else {
                (e.attempt(i) == 1 ? first : second)[row]++;
            }
        }
    }

    @Override
    public void rowResult(RowResult e) {
        unexpected.add("a rowResult event of " + e.rowId() + ": this agent writes callRows");
    }

    @Override
    public void eventsDropped(EventsDropped e) {
        dropped += e.count();
    }

    @Override
    public void agentStarted(AgentStarted e) {
    }

    @Override
    public void runStarted(RunStarted e) {
    }

    @Override
    public void callCompleted(CallCompleted e) {
    }

    @Override
    public void runFinished(RunFinished e) {
    }
}
