package dev.synclog.agent.it.apps.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.AcmeApiException;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.UpsertResult;

/**
 * A fake asynchronous vendor SDK, as gRPC future stubs and Google's clients are: {@link #batchUpsert} returns a Guava
 * {@link ListenableFuture} at once, and the SDK's own (daemon) thread completes it later, once the app calls
 * {@link #deliver}: with one result per contact, or failed when a contact's id is {@code refused}. A batch holding a
 * contact {@code lost} is never answered. A batch holding a contact {@code interrupted} is answered from a thread
 * whose interrupt flag is set, and {@link #interruptKept} says whether completing it left the flag as it was.
 */
public final class AcmeAsyncClient {
    private record Pending(List<Contact> contacts, SettableFuture<List<UpsertResult>> future) {
    }

    /** Batches handed to the SDK's thread, and the latch it opens once it has answered them. */
    private record Delivery(List<Pending> batches, CountDownLatch answered) {
    }

    private final List<Pending> queued = new ArrayList<>();
    private final BlockingQueue<Delivery> toAnswer = new LinkedBlockingQueue<>();
    private volatile boolean interruptKept;

    public AcmeAsyncClient() {
        Thread worker = new Thread(this::answer, "acme-async-worker");
        worker.setDaemon(true);
        worker.start();
    }

    public ListenableFuture<List<UpsertResult>> batchUpsert(List<Contact> contacts) {
        SettableFuture<List<UpsertResult>> future = SettableFuture.create();
        synchronized (queued) {
            queued.add(new Pending(List.copyOf(contacts), future));
        }
        return future;
    }

    /** Has the SDK's thread answer every batch queued so far, and waits until it has (listeners run included). */
    public void deliver() throws InterruptedException {
        Delivery delivery;
        synchronized (queued) {
            delivery = new Delivery(new ArrayList<>(queued), new CountDownLatch(1));
            queued.clear();
        }
        toAnswer.add(delivery);
        delivery.answered.await();
    }

    public boolean interruptKept() {
        return interruptKept;
    }

    private void answer() {
        try {
            while (true) {
                Delivery delivery = toAnswer.take();
                delivery.batches.forEach(this::complete);
                delivery.answered.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void complete(Pending pending) {
        List<String> ids = pending.contacts.stream().map(Contact::getId).toList();
        if (ids.contains("lost")) {
            return;
        }
        if (ids.contains("refused")) {
            pending.future.setException(new AcmeApiException("batch refused: contact 'refused' is on the block list"));
            return;
        }
        List<UpsertResult> results = new ArrayList<>();
        for (Contact contact : pending.contacts) {
            boolean valid = contact.getEmail().contains("@") && !contact.getEmail().endsWith("@");
            results.add(valid ? new UpsertResult("OK", null) : new UpsertResult("INVALID", "email is malformed"));
        }
        if (ids.contains("interrupted")) {
            Thread.currentThread().interrupt();
            pending.future.set(results);
            interruptKept = Thread.interrupted();
        } else {
            pending.future.set(results);
        }
    }
}
