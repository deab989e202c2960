package dev.synclog.agent.queue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.synclog.agent.capture.CallRecord;
import dev.synclog.agent.runs.Run;
import dev.synclog.agent.runs.RunTracker;
import dev.synclog.events.DropReason;

/**
 * App threads hand calls and run boundaries to the writer thread here, in the order they happen. Calls are
 * bounded in count and bytes: past that a call is dropped and counted, so a stalled writer never grows the
 * app's heap. Run boundaries are tiny and never dropped.
 */
public final class EventHandoff implements RunTracker.RunListener {
    private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final AtomicInteger pendingCalls = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final int maxCalls;
    private final long maxBytes;

    public EventHandoff(int maxCalls, long maxBytes) {
        this.maxCalls = maxCalls;
        this.maxBytes = maxBytes;
    }

    @Override
    public void runStarted(Run run) {
        items.add(new RunBoundary(run, true, null));
    }

    @Override
    public void runExited(Run run, String error) {
        items.add(new RunBoundary(run, false, error));
    }

    public void offerCall(CallRecord call) {
        long bytes = bytesOf(call);
        if (pendingCalls.incrementAndGet() > maxCalls || pendingBytes.addAndGet(bytes) > maxBytes) {
            pendingCalls.decrementAndGet();
            pendingBytes.addAndGet(-bytes);
            items.add(new DroppedCall(call.run, DropReason.BACKLOG_FULL));
            return;
        }
        items.add(call);
    }

    Object poll(long timeoutMillis) throws InterruptedException {
        Object item = items.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (item instanceof CallRecord) {
            pendingCalls.decrementAndGet();
            pendingBytes.addAndGet(-bytesOf((CallRecord) item));
        }
        return item;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    private static long bytesOf(CallRecord call) {
        return 256L + (call.requestBody == null ? 0 : call.requestBody.length)
                + (call.responseBody == null ? 0 : call.responseBody.length);
    }

    /** A run started ({@code start}) or its method returned. */
    record RunBoundary(Run run, boolean start, String error) {
    }

    /** A call that could not be handed over; only its count survives. */
    record DroppedCall(Run run, DropReason reason) {
    }
}
