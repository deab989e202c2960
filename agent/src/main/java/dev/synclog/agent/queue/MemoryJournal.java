package dev.synclog.agent.queue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal's fallback when its file cannot be created: records wait in memory, bounded in calls and bytes (past
 * either a call is refused, to be dropped and counted). Run boundaries are tiny and always accepted.
 */
final class MemoryJournal implements JournalSource {
    /** Queued by {@link #wakeUp} to end the reader's wait: no record is empty. */
    private static final byte[] WAKE_UP = new byte[0];
    private final LinkedBlockingQueue<byte[]> records = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingCalls = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final int maxCalls;
    private final long maxBytes;
    private long position;
    private final RecentTexts recent = new RecentTexts(JournalFormat.TEXT_PLACES);

    MemoryJournal(int maxCalls, long maxBytes) {
        this.maxCalls = maxCalls;
        this.maxBytes = maxBytes;
    }

    boolean offer(byte[] record, boolean isCall) {
        if (isCall) {
            if (pendingCalls.incrementAndGet() > maxCalls || pendingBytes.addAndGet(record.length) > maxBytes) {
                pendingCalls.decrementAndGet();
                pendingBytes.addAndGet(-record.length);
                return false;
            }
        }
        records.add(record);
        return true;
    }

    @Override
    public JournalEntry next(long timeoutMillis) throws InterruptedException {
        byte[] record = records.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (record == null || record == WAKE_UP) {
            return null;
        }
        JournalEntry entry = JournalFormat.decode(position, record, recent);
        position += record.length;
        if (entry instanceof JournalEntry.CallSent || entry instanceof JournalEntry.CallEnded) {
            pendingCalls.decrementAndGet();
            pendingBytes.addAndGet(-record.length);
        }
        return entry;
    }

    @Override
    public void wakeUp() {
        records.add(WAKE_UP);
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean drained() {
        return records.isEmpty();
    }

    @Override
    public void close() {
    }
}
