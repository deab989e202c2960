package dev.synclog.events;

import net.openhft.chronicle.wire.SelfDescribingMarshallable;

/** Common to every event: the schema version it was written with and when it happened. */
public abstract class SyncEvent<E extends SyncEvent<E>> extends SelfDescribingMarshallable {
    private int version = SchemaVersion.CURRENT;
    /** Microseconds since the epoch. */
    private long eventTimeMicros;

    public int version() {
        return version;
    }

    @SuppressWarnings("unchecked")
    public E version(int version) {
        this.version = version;
        return (E) this;
    }

    public long eventTimeMicros() {
        return eventTimeMicros;
    }

    @SuppressWarnings("unchecked")
    public E eventTimeMicros(long eventTimeMicros) {
        this.eventTimeMicros = eventTimeMicros;
        return (E) this;
    }
}
