package dev.synclog.agent.queue;

import java.nio.file.Path;

/**
 * One file of a journal: {@code PID-STARTMILLIS-BASE.journal}, where {@code PID-STARTMILLIS} names the journal (the
 * agent process that wrote it) and {@code BASE} is the journal position of the segment's first byte. Positions run on
 * across segments, so a record's position (a call's {@code callId}) stays unique and increasing within its process
 * even after the segments before it are deleted.
 */
record JournalSegment(Path path, String journalId, long base) {
    static final String SUFFIX = ".journal";

    static JournalSegment of(Path dir, String journalId, long base) {
        return new JournalSegment(dir.resolve(journalId + "-" + base + SUFFIX), journalId, base);
    }

    /** Null for a file whose name is not {@code PID-STARTMILLIS-BASE.journal}. */
    static JournalSegment parse(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String[] parts = name.substring(0, name.length() - SUFFIX.length()).split("-");
        if (parts.length != 3) {
            return null;
        }
        try {
            Long.parseLong(parts[0]);
            Long.parseLong(parts[1]);
            return new JournalSegment(file, parts[0] + "-" + parts[1], Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    long pid() {
        return Long.parseLong(journalId.substring(0, journalId.indexOf('-')));
    }

    long startMillis() {
        return Long.parseLong(journalId.substring(journalId.indexOf('-') + 1));
    }
}
