package dev.synclog.agent.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;

/**
 * Knows which run a call belongs to. The run entered on this thread (or inherited by threads it created)
 * comes first; calls on threads that belong to no run (a pool created before the run) go to the latest
 * active run, which is right for the usual one-run-at-a-time sync job; with no run active, to an implicit
 * run that lasts until the process ends.
 */
public final class RunTracker {
    private static final Object NESTED = new Object();

    private final RunListener listener;
    private final LongSupplier clockMicros;
    private final RunIds ids = new RunIds();
    private final InheritableThreadLocal<Run> threadRun = new InheritableThreadLocal<>();
    /** The run this very thread entered, to tell a nested (recursive) invocation from a new run. */
    private final ThreadLocal<Run> enteredHere = new ThreadLocal<>();
    private final ConcurrentLinkedDeque<Run> active = new ConcurrentLinkedDeque<>();
    private Run implicitRun;

    public RunTracker(RunListener listener, LongSupplier clockMicros) {
        this.listener = listener;
        this.clockMicros = clockMicros;
    }

    /** The process-lifetime run, when no run method is configured. */
    public void startProcessRun() {
        implicitRun();
    }

    public Run current() {
        Run run = threadRun.get();
        if (run != null && !run.exited()) {
            return run;
        }
        run = active.peekLast();
        return run != null ? run : implicitRun();
    }

    public Object enter(String runMethod) {
        if (enteredHere.get() != null) {
            return NESTED;
        }
        Run run = newRun(runMethod);
        enteredHere.set(run);
        threadRun.set(run);
        return run;
    }

    public void exit(Object token, Throwable thrown) {
        if (!(token instanceof Run)) {
            return;
        }
        Run run = (Run) token;
        enteredHere.remove();
        threadRun.remove();
        finish(run, thrown == null ? null : thrown.toString());
    }

    /** At shutdown: the implicit run ends normally; a run method still running ends as failed. */
    public void finishAll() {
        List<Run> open = new ArrayList<>(active);
        for (Run run : open) {
            finish(run, run.runMethod() == null ? null
                    : "the process exited while " + run.runMethod() + " was still running");
        }
    }

    private synchronized Run implicitRun() {
        if (implicitRun == null || implicitRun.exited()) {
            implicitRun = newRun(null);
        }
        return implicitRun;
    }

    private Run newRun(String runMethod) {
        long micros = ids.nextMicros(clockMicros.getAsLong());
        Run run = new Run(ids.format(micros), runMethod, micros);
        active.addLast(run);
        listener.runStarted(run);
        return run;
    }

    private void finish(Run run, String error) {
        synchronized (run) {
            if (run.exited()) {
                return;
            }
            run.markExited();
        }
        active.remove(run);
        listener.runExited(run, error);
    }

    /** Receives run boundaries in the order they happen. */
    public interface RunListener {
        void runStarted(Run run);

        void runExited(Run run, String error);
    }
}
