package dev.synclog.agent.runs;

import java.util.concurrent.atomic.AtomicInteger;

/** One run: an invocation of the configured run method, or the process's life. */
public final class Run {
    private final String runId;
    private final String runMethod;
    private final long startMicros;
    /** Calls of this run still in flight; the run's end is written only once they are in (or after a grace period). */
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile boolean exited;

    Run(String runId, String runMethod, long startMicros) {
        this.runId = runId;
        this.runMethod = runMethod;
        this.startMicros = startMicros;
    }

    public String runId() {
        return runId;
    }

    /** {@code Class#method}, or null for the process-lifetime run. */
    public String runMethod() {
        return runMethod;
    }

    public long startMicros() {
        return startMicros;
    }

    public void callStarted() {
        inflight.incrementAndGet();
    }

    public void callFinished() {
        inflight.decrementAndGet();
    }

    public int callsInFlight() {
        return inflight.get();
    }

    boolean exited() {
        return exited;
    }

    void markExited() {
        exited = true;
    }
}
