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
    /** Which keys {@code sync_snapshot} may hold, by the key filters (with PostgreSQL's advisory locks). */
    LOOKUP,
    /** A sync's snapshot keys read into its key filter: at its first batch, or after another exporter wrote. */
    KEY_FILTER,
    /** Bulk load into {@code sync_changelog}. */
    CHANGELOG,
    /** Keys {@code sync_snapshot} may hold staged, looked up and updated; then new keys bulk-loaded into it. */
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
