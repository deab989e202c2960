package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A journal's next segment, made ahead by the writer thread so that a roll on an app thread writes no zeros: its file
 * written out whole and mapped ({@link MappedSegment#allocate}), named {@link JournalSegment#spare} until a roll takes
 * it. A segment's name holds the journal position where it starts, known only at the roll: taking the spare renames
 * its file to that name. It holds no record, so a crash leaves nothing in it to recover: recovery deletes it with its
 * journal ({@link DeadJournal}), as does a clean exit.
 */
final class SpareSegment {
    private final Path file;
    private final MappedByteBuffer map;

    private SpareSegment(Path file, MappedByteBuffer map) {
        this.file = file;
        this.map = map;
    }

    /** The spare of the journal {@code journalId} in {@code dir}, {@code bytes} long; nothing left behind on failure. */
    static SpareSegment make(Path dir, String journalId, long bytes) throws IOException {
        Path file = JournalSegment.spare(dir, journalId);
        return new SpareSegment(file, MappedSegment.allocate(file, bytes));
    }

    /** True when a record of {@code recordBytes} (header included) fits in it. */
    boolean fits(int recordBytes) {
        return recordBytes <= map.capacity();
    }

    /**
     * The spare, renamed to {@code segment}'s name, as the segment appended to from now on. Fails when its file is gone
     * (the queue directory deleted under the journal): then {@link #discard} it.
     */
    MappedSegment takeAs(JournalSegment segment) throws IOException {
        Files.move(file, segment.path(), StandardCopyOption.ATOMIC_MOVE);
        return MappedSegment.over(segment, map);
    }

    /** Unmaps the spare and deletes its file: at the journal's end, or when it could not be taken. */
    void discard() {
        MappedSegment.unmap(map);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next agent on this queue deletes it with the journal
        }
    }
}
