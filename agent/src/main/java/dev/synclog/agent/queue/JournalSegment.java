package dev.synclog.agent.queue;

import java.nio.file.Path;

/**
 * One file of a journal: {@code PID-STARTMILLIS-BASE.journal}, where {@code PID-STARTMILLIS} names the journal (the
 * agent process that wrote it) and {@code BASE} is the journal position of the segment's first byte. Positions run on
 * across segments, so a record's position (a call's {@code callId}) stays unique and increasing within its process
 * even after the segments before it are deleted.
 *
 * <p>Agents before segments wrote a journal as one file, {@code PID-STARTMILLIS.journal}: the same records, positions
 * from 0, and call ids taken from them the same way. It reads as the journal's one segment, at base 0.
 */
record JournalSegment(Path path, String journalId, long base) {
    static final String SUFFIX = ".journal";

    static JournalSegment of(Path dir, String journalId, long base) {
        return new JournalSegment(dir.resolve(journalId + "-" + base + SUFFIX), journalId, base);
    }

    /** Null for a file whose name is neither {@code PID-STARTMILLIS-BASE.journal} nor {@code PID-STARTMILLIS.journal}. */
    static JournalSegment parse(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String[] parts = name.substring(0, name.length() - SUFFIX.length()).split("-");
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
