package dev.synclog.agent.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.synclog.agent.AgentLog;

/**
 * Reads a journal file from its start. A live journal is tailed: a record not yet complete is waited for. A dead
 * one (its process was killed) ends at its last complete record: a torn last append never completed.
 */
final class JournalFile implements JournalSource {
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path path;
    private final boolean live;
    private final FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(JournalFormat.HEADER);
    private long position;
    private boolean ended;

    JournalFile(Path path, boolean live) throws IOException {
        this.path = path;
        this.live = live;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @Override
    public JournalEntry next(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long pause = 100_000;
        while (true) {
            JournalEntry entry = readOne();
            if (entry != null || ended || System.nanoTime() >= deadline) {
                return entry;
            }
            // App threads do not signal each append (a wake-up costs them a system call): the writer looks again soon.
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    /** Where the next record starts; past the end once {@link #next} returned the last one. */
    long position() {
        return position;
    }

    @Override
    public boolean drained() throws IOException {
        return ended || channel.size() <= position;
    }

    private JournalEntry readOne() throws IOException {
        while (!ended) {
            long size = channel.size();
            if (size < position + JournalFormat.HEADER) {
                endIfDead();
                return null;
            }
            header.clear();
            readFully(header, position);
            header.flip();
            int length = JournalFormat.payloadLength(header);
            if (length < 0 || size < position + JournalFormat.HEADER + length) {
                if (length < 0 && live) {
                    throw new IOException("the journal " + path + " is corrupt at byte " + position);
                }
                endIfDead();
                return null;
            }
            ByteBuffer record = ByteBuffer.allocate(JournalFormat.HEADER + length);
            readFully(record, position);
            JournalEntry entry = JournalFormat.decode(position, record.array());
            if (entry == null) {
                if (!live) {
                    ended = true;
                    return null;
                }
                AgentLog.warn("skipped a corrupt record at byte " + position + " of the journal " + path);
            }
            position += JournalFormat.HEADER + length;
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    private void endIfDead() {
        if (!live) {
            ended = true;
        }
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        long offset = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset);
            if (n < 0) {
                throw new IOException("the journal " + path + " ended inside a record at byte " + at);
            }
            offset += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
