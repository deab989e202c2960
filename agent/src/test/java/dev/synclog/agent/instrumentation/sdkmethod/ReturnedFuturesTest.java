package dev.synclog.agent.instrumentation.sdkmethod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import org.junit.jupiter.api.Test;

class ReturnedFuturesTest {
    /** What a future told its outcome: {@code value} or {@code failed <exception>}; null until it did. */
    private final AtomicReference<String> told = new AtomicReference<>();
    private final ReturnedFutures.Outcome outcome = (value, failure) ->
            told.set(failure == null ? String.valueOf(value) : "failed " + failure);

    @Test
    void valuesThatAreNotFollowedFuturesAreLeftAlone() {
        assertThat(ReturnedFutures.isFollowed(null)).isFalse();
        assertThat(ReturnedFutures.isFollowed("text")).isFalse();
        assertThat(ReturnedFutures.isFollowed(List.of(1))).isFalse();
        assertThat(ReturnedFutures.isFollowed(new FutureTask<>(() -> 1))).as("a Future without addListener").isFalse();
    }

    @Test
    void aCompletionStageTellsItsValueOnceItCompletes() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        assertThat(ReturnedFutures.isFollowed(future)).isTrue();
        ReturnedFutures.listen(future, outcome);
        assertThat(told.get()).isNull();
        future.complete("ok");
        assertThat(told.get()).isEqualTo("ok");
        assertThat(future.get()).isEqualTo("ok");
    }

    @Test
    void aCompletionStageTellsItsFailureUnwrappedFromCompletionException() throws Exception {
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> dependent = source.thenApply(s -> s);
        ReturnedFutures.listen(dependent, outcome);
        source.completeExceptionally(new IOException("connection reset"));
        assertThat(told.get()).isEqualTo("failed java.io.IOException: connection reset");
    }

    @Test
    void aCancelledCompletionStageFailsWithTheCancellation() throws Exception {
        CompletableFuture<String> future = new CompletableFuture<>();
        ReturnedFutures.listen(future, outcome);
        future.cancel(false);
        assertThat(told.get()).startsWith("failed java.util.concurrent.CancellationException");
    }

    @Test
    void aListenableFutureTellsItsValueFailureOrCancellation() throws Exception {
        SettableFuture<String> succeeds = SettableFuture.create();
        ReturnedFutures.listen(succeeds, outcome);
        assertThat(told.get()).isNull();
        succeeds.set("ok");
        assertThat(told.get()).isEqualTo("ok");

        SettableFuture<String> fails = SettableFuture.create();
        ReturnedFutures.listen(fails, outcome);
        fails.setException(new TimeoutException("deadline exceeded"));
        assertThat(told.get()).isEqualTo("failed java.util.concurrent.TimeoutException: deadline exceeded");

        SettableFuture<String> cancelled = SettableFuture.create();
        ReturnedFutures.listen(cancelled, outcome);
        cancelled.cancel(true);
        assertThat(told.get()).isEqualTo("failed java.util.concurrent.CancellationException: Task was cancelled.");
        assertThat(cancelled.isCancelled()).isTrue();
    }

    /** Guava's get() throws on an interrupted thread even when done, and clears the flag: read anyway, flag kept. */
    @Test
    void aListenableFutureDoneOnAnInterruptedThreadIsReadAndTheFlagKept() throws Exception {
        SettableFuture<String> future = SettableFuture.create();
        future.set("ok");
        Thread.currentThread().interrupt();
        try {
            ReturnedFutures.listen(future, outcome);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(told.get()).isEqualTo("ok");
    }

    /** A private future class: its addListener is called through the public interface that declares it. */
    @Test
    void aPrivateFutureClassIsListenedToThroughItsPublicInterface() throws Exception {
        SettableFuture<String> inner = SettableFuture.create();
        PrivateFuture future = new PrivateFuture(inner);
        assertThat(ReturnedFutures.isFollowed(future)).isTrue();
        ReturnedFutures.listen(future, outcome);
        inner.set("through the interface");
        assertThat(told.get()).isEqualTo("through the interface");
    }

    private static final class PrivateFuture implements ListenableFuture<String> {
        private final SettableFuture<String> inner;

        PrivateFuture(SettableFuture<String> inner) {
            this.inner = inner;
        }

        @Override
        public void addListener(Runnable listener, Executor executor) {
            inner.addListener(listener, executor);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            return inner.cancel(mayInterrupt);
        }

        @Override
        public boolean isCancelled() {
            return inner.isCancelled();
        }

        @Override
        public boolean isDone() {
            return inner.isDone();
        }

        @Override
        public String get() throws InterruptedException, ExecutionException {
            return inner.get();
        }

        @Override
        public String get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                java.util.concurrent.TimeoutException {
            return inner.get(timeout, unit);
        }
    }
}
