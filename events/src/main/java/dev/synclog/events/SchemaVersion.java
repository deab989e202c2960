package dev.synclog.events;

/**
 * Version stamped on every event; see {@link SyncEvents} for the compatibility rule. 2: a destination call and all its
 * rows are one {@link CallRows} event (version 1 wrote a {@link CallCompleted} then a {@link RowResult} per row, which
 * readers of version 2 still read); an exporter of version 1 refuses the first event of version 2 it meets, rather
 * than skip the rows it cannot read.
 */
public final class SchemaVersion {
    public static final int CURRENT = 2;

    private SchemaVersion() {
    }
}
