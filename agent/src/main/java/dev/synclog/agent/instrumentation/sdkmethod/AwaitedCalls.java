package dev.synclog.agent.instrumentation.sdkmethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.synclog.agent.capture.CallRecord;

/**
 * The SDK method calls waiting for the future their method returned, oldest first. Whoever claims a call (its future's
 * completion, or the agent giving up on it) finishes it; a call is claimed once. Bounded: at most {@code maxCalls} wait,
 * so that futures the app drops without them ever completing cannot hold memory for the life of the process.
 */
final class AwaitedCalls {
    private record Awaited(CallRecord call, long sinceNanos) {
    }

    private final int maxCalls;
    /** By a key that grows with each call added: the first entry is the oldest. */
    private final ConcurrentSkipListMap<Long, Awaited> byAge = new ConcurrentSkipListMap<>();
    private final AtomicLong lastKey = new AtomicLong();
    /** The map's size, which the map itself can only count by walking it. */
    private final AtomicInteger count = new AtomicInteger();
    private final Object exitMonitor = new Object();
    /** Set at exit: each claim then wakes the exit's wait. */
    private volatile boolean exiting;

    AwaitedCalls(int maxCalls) {
        this.maxCalls = maxCalls;
    }

    /** Adds a call; returns its key for {@link #claim}. */
    long add(CallRecord call, long nowNanos) {
        long key = lastKey.incrementAndGet();
        byAge.put(key, new Awaited(call, nowNanos));
        count.incrementAndGet();
        return key;
    }

    /** The call of {@code key}, to finish; null when it was claimed already. */
    CallRecord claim(long key) {
        Awaited awaited = byAge.remove(key);
        if (awaited == null) {
            return null;
        }
        count.decrementAndGet();
        if (exiting) {
            synchronized (exitMonitor) {
                exitMonitor.notifyAll();
            }
        }
        return awaited.call;
    }

    /** The oldest calls, claimed to finish as given up, until one more can be added within the bound. */
    List<CallRecord> claimToMakeRoom() {
        List<CallRecord> claimed = new ArrayList<>();
        while (count.get() >= maxCalls) {
            Map.Entry<Long, Awaited> oldest = byAge.firstEntry();
            CallRecord call = oldest == null ? null : claim(oldest.getKey());
            if (call != null) {
                claimed.add(call);
            }
        }
        return claimed;
    }

    /** The calls added before {@code sinceNanos}, claimed (in order of their keys, so about that of their age). */
    List<CallRecord> claimAddedBefore(long sinceNanos) {
        List<CallRecord> claimed = new ArrayList<>();
        for (Map.Entry<Long, Awaited> entry : byAge.entrySet()) {
            if (entry.getValue().sinceNanos - sinceNanos >= 0) {
                break;
            }
            CallRecord call = claim(entry.getKey());
            if (call != null) {
                claimed.add(call);
            }
        }
        return claimed;
    }

    /**
     * At exit: waits until {@code deadline} ({@link System#nanoTime}) at most for the calls to complete, then claims
     * those still waiting.
     */
    List<CallRecord> claimAllBy(long deadline) throws InterruptedException {
        exiting = true;
        synchronized (exitMonitor) {
            long left;
            while (count.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                exitMonitor.wait(Math.max(1, left / 1_000_000));
            }
        }
        List<CallRecord> claimed = new ArrayList<>();
        for (Long key : byAge.keySet()) {
            CallRecord call = claim(key);
            if (call != null) {
                claimed.add(call);
            }
        }
        return claimed;
    }

    int size() {
        return count.get();
    }
}
