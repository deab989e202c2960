package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import dev.synclog.agent.AgentLog;

/**
 * Reads one segment of a journal from its start, straight from a mapping of its file (no {@code read} calls), without
 * waiting. The records are laid out as {@link MappedSegment} appends them.
 *
 * <p>A live segment's process still appends to it: a place not claimed yet is where reading stops for now, and a
 * record claimed and not yet committed is read once it is (its thread is copying it). A dead process's segment ends
 * at its first place not claimed, and a record that fails its checksum there was torn by the kill: it is skipped by
 * its length, the records after it are read. Either ends at {@link MappedSegment#END} or at the end of the file.
 *
 * <p>A segment of an older agent ({@code !segment.mapped()}: records back to back, written by plain writes, never
 * live here) ends at its last complete record.
 */
final class JournalFile implements AutoCloseable {
    private final JournalSegment segment;
    private final ByteBuffer map;
    private final boolean live;
    /** Where the next record starts in the file. */
    private int offset;
    private boolean ended;
    private final RecentTexts recent = new RecentTexts(JournalFormat.TEXT_PLACES);

    JournalFile(JournalSegment segment, boolean live) throws IOException {
        this.segment = segment;
        this.live = live;
        try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.READ)) {
            // The mapping outlives the channel.
            this.map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
    }

    JournalSegment segment() {
        return segment;
    }

    /** The next complete record, or null when there is none now (for good once {@link #ended}). */
    JournalEntry next() throws IOException {
        while (!ended) {
            int word = lengthWord();
            if (word == 0 || word == MappedSegment.END || (word < 0 && !segment.mapped())) {
                ended = word != 0 || !live;
                return null;
            }
            int length = Math.abs(word);
            long end = offset + (long) JournalFormat.HEADER + length;
            if (end > map.limit()) {
                if (live) {
                    throw new IOException("the journal " + segment.path() + " is corrupt at byte " + offset
                            + ": a record of " + length + " bytes past the segment's end");
                }
                ended = true;
                return null;
            }
            int at = offset;
            offset = (int) (segment.mapped() ? MappedSegment.slotBytes(end) : end);
            if (word < 0) {
                continue;
            }
            int checksum = word(at + 4);
            byte[] record = new byte[JournalFormat.HEADER + length];
            map.get(at, record);
            JournalEntry entry = JournalFormat.decode(segment.base() + at, record, recent);
            if (entry != null) {
                return entry;
            }
            if (live && checksum == 0) {
                offset = at;
                return null;
            }
            if (live) {
                AgentLog.warn("skipped a corrupt record at byte " + at + " of the journal " + segment.path());
            }
        }
        return null;
    }

    /** The length word of the record at {@link #offset}: 0 when nothing is claimed there, END past the file's end. */
    private int lengthWord() {
        return offset > map.limit() - JournalFormat.HEADER ? MappedSegment.END : word(offset);
    }

    /** Acquire: a checksum word seen set shows the payload copied before it; plain where records are not aligned. */
    private int word(int at) {
        return segment.mapped() ? (int) MappedSegment.WORDS.getAcquire(map, at) : map.getInt(at);
    }

    /** The journal position where the next record starts; past the end once {@link #next} returned the last one. */
    long position() {
        return segment.base() + offset;
    }

    boolean ended() {
        return ended;
    }

    /** Unmaps the file: only the writer's thread reads it, and no entry holds on to the mapping. */
    @Override
    public void close() {
        MappedSegment.unmap(map);
    }

    boolean drained() {
        int word = lengthWord();
        return ended || word == 0 || word == MappedSegment.END;
    }
}
