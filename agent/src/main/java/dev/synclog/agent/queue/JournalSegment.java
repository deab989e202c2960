package dev.synclog.agent.queue;

import java.nio.file.Path;

/**
 * One file of a journal: {@code PID-STARTMILLIS-BASE.mapped.journal}, where {@code PID-STARTMILLIS} names the journal
 * (the agent process that wrote it) and {@code BASE} is the journal position of the segment's first byte. Positions
 * run on across segments, so a record's position (a call's {@code callId}) stays unique and increasing within its
 * process even after the segments before it are deleted. Its records are laid out by {@link MappedSegment}.
 *
 * <p>Older agents wrote the same records back to back, without padding, with plain writes: segments named
 * {@code PID-STARTMILLIS-BASE.journal}, and before segments one file, {@code PID-STARTMILLIS.journal} (read as the
 * journal's one segment, at base 0). Both are still recovered ({@link #mapped} tells them apart); an older agent
 * ignores a {@code .mapped.journal} file, whose name it cannot parse, rather than misread it.
 *
 * <p>{@code PID-STARTMILLIS.spare} is the journal's next segment made ahead ({@link SpareSegment}): zeros, no record,
 * no position yet. It is no segment's name (it does not end in {@link #SUFFIX}), so no agent, older ones included,
 * ever reads it as one.
 */
record JournalSegment(Path path, String journalId, long base) {
    static final String SUFFIX = ".journal";
    static final String MAPPED_SUFFIX = ".mapped" + SUFFIX;
    static final String SPARE_SUFFIX = ".spare";

    static JournalSegment of(Path dir, String journalId, long base) {
        return new JournalSegment(dir.resolve(journalId + "-" + base + MAPPED_SUFFIX), journalId, base);
    }

    /** Where the journal {@code journalId} keeps its spare segment. */
    static Path spare(Path dir, String journalId) {
        return dir.resolve(journalId + SPARE_SUFFIX);
    }

    /** The id of the journal whose spare {@code file} is; null for a file of another name. */
    static String journalIdOfSpare(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SPARE_SUFFIX) ? name.substring(0, name.length() - SPARE_SUFFIX.length()) : null;
    }

    /**
     * Null for a file whose name is none of {@code PID-STARTMILLIS-BASE.mapped.journal},
     * {@code PID-STARTMILLIS-BASE.journal} and {@code PID-STARTMILLIS.journal}.
     */
    static JournalSegment parse(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String[] parts = name.substring(0, name.length() - (name.endsWith(MAPPED_SUFFIX) ? MAPPED_SUFFIX : SUFFIX)
                .length()).split("-");
        if (parts.length != 3 && parts.length != 2) {
            return null;
        }
        try {
            Long.parseLong(parts[0]);
            Long.parseLong(parts[1]);
            return new JournalSegment(file, parts[0] + "-" + parts[1], parts.length == 2 ? 0 : Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Written by {@link MappedSegment}: records at 8-byte boundaries, the file reserved whole when it was made. */
    boolean mapped() {
        return path.getFileName().toString().endsWith(MAPPED_SUFFIX);
    }

    /** A journal of one file, written by an agent from before segments. */
    boolean wholeJournal() {
        return path.getFileName().toString().equals(journalId + SUFFIX);
    }

    long pid() {
        return Long.parseLong(journalId.substring(0, journalId.indexOf('-')));
    }

    long startMillis() {
        return Long.parseLong(journalId.substring(journalId.indexOf('-') + 1));
    }
}
