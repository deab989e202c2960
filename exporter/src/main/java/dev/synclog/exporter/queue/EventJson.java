package dev.synclog.exporter.queue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.openhft.chronicle.bytes.MethodReader;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import dev.synclog.events.AgentStarted;
import dev.synclog.events.CallCompleted;
import dev.synclog.events.CallRows;
import dev.synclog.events.EventsDropped;
import dev.synclog.events.RowResult;
import dev.synclog.events.RunFinished;
import dev.synclog.events.RunStarted;
import dev.synclog.events.SyncEvent;
import dev.synclog.events.SyncEvents;

/**
 * Prints a queue's events as JSON lines: {@code {"index":…,"event":"callRows",…fields,"rows":[{"rowId":…},…]}}. For
 * debugging.
 */
public final class EventJson {
    private final ObjectMapper mapper = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    /** @return the number of events printed */
    public long dump(Path dir, long fromIndex, long limit, PrintWriter out, PrintWriter log) throws IOException {
        try (SingleChronicleQueue queue = QueueDamage.open(dir, log); ExcerptTailer tailer = QueueDamage.tailer(dir, queue)) {
            if (fromIndex >= 0 && !tailer.moveToIndex(fromIndex)) {
                throw new BadQueueException(dir, fromIndex, "no such index in the queue");
            }
            String[] name = new String[1];
            SyncEvent<?>[] event = new SyncEvent<?>[1];
            MethodReader reader = tailer.methodReaderBuilder()
                    .defaultParselet((n, in) -> {
                        name[0] = n.toString();
                        in.skipValue();
                    })
                    .build(new SyncEvents() {
                        public void agentStarted(AgentStarted e) { name[0] = "agentStarted"; event[0] = e; }
                        public void runStarted(RunStarted e) { name[0] = "runStarted"; event[0] = e; }
                        public void callRows(CallRows e) { name[0] = "callRows"; event[0] = e; }
                        public void callCompleted(CallCompleted e) { name[0] = "callCompleted"; event[0] = e; }
                        public void rowResult(RowResult e) { name[0] = "rowResult"; event[0] = e; }
                        public void runFinished(RunFinished e) { name[0] = "runFinished"; event[0] = e; }
                        public void eventsDropped(EventsDropped e) { name[0] = "eventsDropped"; event[0] = e; }
                    });
            long printed = 0;
            while (printed < limit) {
                name[0] = null;
                event[0] = null;
                if (!readOne(reader, dir, queue, tailer)) {
                    BadQueueException unreadable = QueueDamage.unreadableTail(dir, queue, tailer);
                    if (unreadable != null) {
                        throw unreadable;
                    }
                    break;
                }
                if (name[0] == null) {
                    continue;
                }
                ObjectNode line = mapper.createObjectNode();
                line.put("index", tailer.lastReadIndex());
                line.put("event", name[0]);
                if (event[0] instanceof CallRows call) {
                    line.setAll(callWithRows(call));
                } else if (event[0] != null) {
                    line.setAll((ObjectNode) mapper.valueToTree(event[0]));
                } else {
                    line.put("unknown", true);
                }
                out.println(mapper.writeValueAsString(line));
                out.flush();
                printed++;
            }
            return printed;
        }
    }

    /** The call's fields, then its rows as objects rather than the event's parallel arrays. */
    private ObjectNode callWithRows(CallRows call) {
        ObjectNode node = mapper.valueToTree(call.asCallCompleted());
        node.put("firstRow", call.firstRow());
        ArrayNode rows = node.putArray("rows");
        for (int i = 0; i < call.rowCount(); i++) {
            rows.addObject().put("rowId", call.rowId(i)).put("opType", call.opType(i)).put("status", call.status(i))
                    .put("failureReason", call.failureReason(i)).put("fields", call.fields(i))
                    .put("attempt", call.attempt(i));
        }
        return node;
    }

    private static boolean readOne(MethodReader reader, Path dir, SingleChronicleQueue queue, ExcerptTailer tailer) {
        long next = tailer.index();
        try {
            return reader.readOne();
        } catch (Exception e) {
            throw QueueDamage.cannotDecode(dir, queue, next, e);
        }
    }
}
