package dev.synclog.agent.instrumentation.sdkmethod;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * The futures an SDK method may return, and how the agent hears that one completed, without changing what the app
 * sees: a JDK {@link CompletionStage} through {@code whenComplete} (a dependent stage the app never sees), and a
 * {@link Future} with a public {@code addListener(Runnable, Executor)} (Guava's {@code ListenableFuture}, Google's
 * {@code ApiFuture}) through that method, found by reflection (the agent never loads those libraries), its listener run
 * directly on the completing thread. Decided once per class; any other value is not followed.
 */
final class ReturnedFutures {
    /** Told once how the future ended: its value, or its failure (the cause the app's {@code get()} would wrap). */
    interface Outcome {
        void completed(Object value, Throwable failure);
    }

    /** How to hear of one kind of future's completion. */
    private interface Listening {
        void listen(Object future, Outcome outcome) throws Exception;
    }

    private static final Listening NOT_A_FUTURE = (future, outcome) -> {
        throw new IllegalStateException("not a future");
    };
    private static final Listening STAGE = (future, outcome) ->
            ((CompletionStage<?>) future).whenComplete((value, failure) -> outcome.completed(value, unwrapped(failure)));
    /** Runs a listener on the thread that completes the future, as Guava's {@code directExecutor()} does. */
    private static final Executor DIRECTLY = Runnable::run;

    private static final ClassValue<Listening> BY_CLASS = new ClassValue<>() {
        @Override
        protected Listening computeValue(Class<?> type) {
            if (CompletionStage.class.isAssignableFrom(type)) {
                return STAGE;
            }
            Method addListener = Future.class.isAssignableFrom(type) ? publicAddListener(type) : null;
            if (addListener == null) {
                return NOT_A_FUTURE;
            }
            return (future, outcome) -> {
                Runnable listener = () -> readDone((Future<?>) future, outcome);
                try {
                    addListener.invoke(future, listener, DIRECTLY);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                }
            };
        }
    };

    private ReturnedFutures() {
    }

    /** Whether {@code returned} is a future the agent follows: one lookup per call, by its class. */
    static boolean isFollowed(Object returned) {
        return returned != null && BY_CLASS.get(returned.getClass()) != NOT_A_FUTURE;
    }

    /** Has {@code outcome} told when the followed future {@code returned} completes (at once when it is done). */
    static void listen(Object returned, Outcome outcome) throws Exception {
        BY_CLASS.get(returned.getClass()).listen(returned, outcome);
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Reads a done future. Guava's {@code get()} throws when the thread is interrupted, even once done, and clears the
     * flag: the flag is cleared for the read and set again, so the completing thread's state is what it was.
     */
    private static void readDone(Future<?> future, Outcome outcome) {
        boolean interrupted = Thread.interrupted();
        Object value = null;
        Throwable failure = null;
        try {
            value = future.get();
        } catch (ExecutionException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        } catch (CancellationException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = e; // not with the flag cleared; kept as the future's outcome rather than lost
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        outcome.completed(value, failure);
    }

    /**
     * {@code addListener(Runnable, Executor)} as a public type among the class's supertypes declares it: the class itself
     * may be private (an SDK's internal future), its public interface is what can be called.
     */
    private static Method publicAddListener(Class<?> type) {
        for (Class<?> candidate : Supertypes.of(type)) {
            if (Modifier.isPublic(candidate.getModifiers())) {
                try {
                    Method method = candidate.getDeclaredMethod("addListener", Runnable.class, Executor.class);
                    if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())) {
                        return method;
                    }
                } catch (NoSuchMethodException e) {
                    // not declared here: look further up
                }
            }
        }
        return null;
    }
}
