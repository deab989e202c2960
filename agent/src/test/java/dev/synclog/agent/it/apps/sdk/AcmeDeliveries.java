package dev.synclog.agent.it.apps.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The own thread of the fake asynchronous SDKs: batches wait until the app calls {@link #deliver}, then that (daemon)
 * thread answers them in order, so that a test decides when the SDK answers and on which thread.
 *
 * @param <P> a batch waiting for its answer, with what the SDK answers it through (a future, a callback)
 */
final class AcmeDeliveries<P> {
    /** Batches handed to the SDK's thread, and the latch it opens once it has answered them. */
    private record Delivery<P>(List<P> batches, CountDownLatch answered) {
    }

    private final List<P> queued = new ArrayList<>();
    private final BlockingQueue<Delivery<P>> toAnswer = new LinkedBlockingQueue<>();
    private final Consumer<P> answer;

    AcmeDeliveries(String threadName, Consumer<P> answer) {
        this.answer = answer;
        Thread worker = new Thread(this::answerDeliveries, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    void add(P batch) {
        synchronized (queued) {
            queued.add(batch);
        }
    }

    /** Has the SDK's thread answer every batch queued so far, and waits until it has (listeners and callbacks run included). */
    void deliver() throws InterruptedException {
        Delivery<P> delivery;
        synchronized (queued) {
            delivery = new Delivery<>(new ArrayList<>(queued), new CountDownLatch(1));
            queued.clear();
        }
        toAnswer.add(delivery);
        delivery.answered.await();
    }

    private void answerDeliveries() {
        try {
            while (true) {
                Delivery<P> delivery = toAnswer.take();
                delivery.batches.forEach(answer);
                delivery.answered.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
