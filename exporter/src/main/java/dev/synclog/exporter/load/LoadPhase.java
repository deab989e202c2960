package dev.synclog.exporter.load;

import java.util.Locale;

/**
 * The parts of loading one batch, timed separately so that what a batch costs beyond the raw bulk writes shows in the
 * metrics and in {@code run --once}'s closing line.
 */
public enum LoadPhase {
    /** The loading thread waiting for the reader thread to finish decoding the batch. */
    READ_WAIT,
    /** Upserts and each key's latest row worked out in Java. */
    RESOLVE,
    /** The batch's keys looked up in {@code sync_snapshot} (with PostgreSQL's advisory locks). */
    LOOKUP,
    /** A sync's snapshot keys read into its key filter: at its first batch, or after another exporter wrote. */
    KEY_FILTER,
    /** Bulk load into {@code sync_changelog}. */
    CHANGELOG,
    /** Bulk load of new keys into {@code sync_snapshot}, and the staged update of keys it held. */
    SNAPSHOT,
    /** {@code sync_runs} (opened, closed, counted) and the read position in {@code sync_sources}. */
    RUNS,
    /** The transaction's commit. */
    COMMIT;

    /** The name metrics and log lines use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
