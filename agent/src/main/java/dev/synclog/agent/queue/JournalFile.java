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
 */
final class JournalFile implements AutoCloseable {
    private final JournalSegment segment;
    private final FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(JournalFormat.HEADER);
    private boolean live;
    /** Where the next record starts in the file. */
    private long offset;
    private boolean ended;

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
            long size = channel.size();
            if (size < offset + JournalFormat.HEADER) {
                endIfSealed();
                return null;
            }
            header.clear();
            readFully(header, offset);
            header.flip();
            int length = JournalFormat.payloadLength(header);
            if (length < 0 || size < offset + JournalFormat.HEADER + length) {
                if (length < 0 && live) {
                    throw new IOException("the journal " + segment.path() + " is corrupt at byte " + offset);
                }
                endIfSealed();
                return null;
            }
            ByteBuffer record = ByteBuffer.allocate(JournalFormat.HEADER + length);
            readFully(record, offset);
            JournalEntry entry = JournalFormat.decode(position(), record.array());
            if (entry == null) {
                if (!live) {
                    ended = true;
                    return null;
                }
                AgentLog.warn("skipped a corrupt record at byte " + offset + " of the journal " + segment.path());
            }
            offset += JournalFormat.HEADER + length;
            if (entry != null) {
                return entry;
            }
        }
        return null;
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

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        long from = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, from);
            if (n < 0) {
                throw new IOException("the journal " + segment.path() + " ended inside a record at byte " + at);
            }
            from += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
