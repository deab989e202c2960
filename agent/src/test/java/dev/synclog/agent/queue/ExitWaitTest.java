package dev.synclog.agent.queue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit's wait for the writer, against a writer thread that writes for a while, stalls or never opens. Windows
 * are seconds long and the writer ticks every 20 ms, so a busy machine cannot turn a moving writer into a stalled one.
 */
class ExitWaitTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong written = new AtomicLong();
    private Thread writer;

    @AfterEach
    void stopWriter() throws InterruptedException {
        if (writer != null) {
            writer.interrupt();
            writer.join(5_000);
        }
    }

    @Test
    void aWriterStillWritingPastTheStallWindowIsWaitedForUntilItIsDone() throws Exception {
        startWriter(true, 3 * SECOND, true);
        long start = System.nanoTime();

        Optional<String> gaveUp = new ExitWait(SECOND, SECOND, 30 * SECOND).await(opened, stopped, written::get, start);

        assertThat(gaveUp).isEmpty();
        assertThat(stopped.getCount()).isZero();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(3 * SECOND);
    }

    @Test
    void aWriterThatWritesNothingIsGivenUpOnAfterTheStallWindow() throws Exception {
        startWriter(true, 0, false);
        long start = System.nanoTime();

        Optional<String> gaveUp = new ExitWait(SECOND, SECOND, 30 * SECOND).await(opened, stopped, written::get, start);

        assertThat(gaveUp).contains("the writer wrote nothing for 1 s");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SECOND).isLessThan(20 * SECOND);
    }

    @Test
    void aWriterThatNeverStopsWritingIsGivenUpOnAtTheLimit() throws Exception {
        startWriter(true, Long.MAX_VALUE, false);
        long start = System.nanoTime();

        Optional<String> gaveUp = new ExitWait(SECOND, SECOND, 2 * SECOND).await(opened, stopped, written::get, start);

        assertThat(gaveUp).contains("2 s passed, queue.max_exit_wait_seconds");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(2 * SECOND);
        assertThat(written.get()).isPositive();
    }

    @Test
    void aQueueThatDoesNotOpenIsGivenUpOnAfterTheOpeningWindow() throws Exception {
        startWriter(false, 0, false);
        long start = System.nanoTime();

        Optional<String> gaveUp = new ExitWait(SECOND, 5 * SECOND, 30 * SECOND).await(opened, stopped, written::get, start);

        assertThat(gaveUp).contains("the queue had not opened after 1 s");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SECOND).isLessThan(20 * SECOND);
    }

    @Test
    void aLimitOfZeroDoesNotWaitForAWriterThatIsNotDone() throws Exception {
        opened.countDown();
        startWriter(false, Long.MAX_VALUE, false);

        Optional<String> gaveUp = ExitWait.upTo(0).await(opened, stopped, written::get, System.nanoTime());

        assertThat(gaveUp).contains("0 s passed, queue.max_exit_wait_seconds");
    }

    @Test
    void aWriterAlreadyDoneIsNotWaitedFor() throws Exception {
        opened.countDown();
        stopped.countDown();

        assertThat(ExitWait.upTo(0).await(opened, stopped, written::get, System.nanoTime())).isEmpty();
    }

    /** Opens (or not), writes a tick every 20 ms for {@code writingNanos}, then stops or just stays. */
    private void startWriter(boolean opens, long writingNanos, boolean stopsAfterWriting) {
        writer = new Thread(() -> {
            if (opens) {
                opened.countDown();
            }
            long start = System.nanoTime();
            try {
                while (System.nanoTime() - start < writingNanos) {
                    written.incrementAndGet();
                    Thread.sleep(20);
                }
                if (stopsAfterWriting) {
                    stopped.countDown();
                }
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException end) {
                Thread.currentThread().interrupt();
            }
        }, "test-writer");
        writer.start();
    }
}
