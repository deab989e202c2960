package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

import dev.synclog.agent.AgentLog;

/**
 * Reads one segment of a journal from its start, without waiting. A live segment (its process still appends to it)
 * may have a record not yet complete: it is read once complete. A sealed one (the process moved on to the next
 * segment, or died) ends at its last complete record: a torn last append never completed.
 *
 * <p>The file is read ahead in large blocks into one reused buffer, and records are taken from it: a system call for
 * each record's header, another for its payload and one for the file's size cost the writer thread more than
 * everything else it does for a call.
 */
final class JournalFile implements AutoCloseable {
    /** What is read at once; a larger record grows the buffer while it is read. */
    static final int READ_AHEAD_BYTES = 256 << 10;

    private final JournalSegment segment;
    private final FileChannel channel;
    /** The file's bytes from {@link #offset} on, as far as they were read: between position and limit. */
    private ByteBuffer ahead = emptyBuffer(READ_AHEAD_BYTES);
    private boolean live;
    /** Where the next record starts in the file. */
    private long offset;
    private boolean ended;
    private final RecentTexts recent = new RecentTexts(JournalFormat.TEXT_PLACES);

    JournalFile(JournalSegment segment, boolean live) throws IOException {
        this.segment = segment;
        this.live = live;
        this.channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
    }

    JournalSegment segment() {
        return segment;
    }

    /** No more records come: from now on it ends at its last complete record. */
    void seal() {
        live = false;
    }

    /** The next complete record, or null when there is none now (for good once {@link #ended}). */
    JournalEntry next() throws IOException {
        while (!ended) {
            if (ahead.remaining() < JournalFormat.HEADER && !readMore(JournalFormat.HEADER)) {
                endIfSealed();
                return null;
            }
            int length = JournalFormat.payloadLength(ahead);
            if (length < 0) {
                if (live) {
                    throw new IOException("the journal " + segment.path() + " is corrupt at byte " + offset);
                }
                endIfSealed();
                return null;
            }
            int recordBytes = JournalFormat.HEADER + length;
            if (ahead.remaining() < recordBytes && !readMore(recordBytes)) {
                endIfSealed();
                return null;
            }
            byte[] record = new byte[recordBytes];
            ahead.get(record);
            JournalEntry entry = JournalFormat.decode(position(), record, recent);
            if (entry == null) {
                if (!live) {
                    ended = true;
                    return null;
                }
                AgentLog.warn("skipped a corrupt record at byte " + offset + " of the journal " + segment.path());
            }
            offset += recordBytes;
            if (ahead.capacity() > READ_AHEAD_BYTES && !ahead.hasRemaining()) {
                ahead = emptyBuffer(READ_AHEAD_BYTES);
            }
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /**
     * Reads what the file has past the bytes already read, until {@code needed} bytes from {@link #offset} are there;
     * false when the file ends before.
     */
    private boolean readMore(int needed) throws IOException {
        if (ahead.capacity() < needed) {
            ByteBuffer larger = ByteBuffer.allocateDirect(needed);
            larger.put(ahead).flip();
            ahead = larger;
        }
        ahead.compact();
        try {
            long at = offset + ahead.position();
            while (ahead.position() < needed) {
                int n = channel.read(ahead, at);
                if (n <= 0) {
                    return false;
                }
                at += n;
            }
            return true;
        } finally {
            ahead.flip();
        }
    }

    private static ByteBuffer emptyBuffer(int capacity) {
        return ByteBuffer.allocateDirect(capacity).limit(0);
    }

    /** The journal position where the next record starts; past the end once {@link #next} returned the last one. */
    long position() {
        return segment.base() + offset;
    }

    boolean ended() {
        return ended;
    }

    boolean drained() throws IOException {
        return ended || channel.size() <= offset;
    }

    private void endIfSealed() {
        if (!live) {
            ended = true;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
