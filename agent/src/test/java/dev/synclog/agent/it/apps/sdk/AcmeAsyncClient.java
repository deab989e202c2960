package dev.synclog.agent.it.apps.sdk;

import java.util.List;

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

    private final AcmeDeliveries<Pending> deliveries = new AcmeDeliveries<>("acme-async-worker", this::complete);
    private volatile boolean interruptKept;

    public ListenableFuture<List<UpsertResult>> batchUpsert(List<Contact> contacts) {
        SettableFuture<List<UpsertResult>> future = SettableFuture.create();
        deliveries.add(new Pending(List.copyOf(contacts), future));
        return future;
    }

    /** Has the SDK's thread answer every batch queued so far, and waits until it has. */
    public void deliver() throws InterruptedException {
        deliveries.deliver();
    }

    public boolean interruptKept() {
        return interruptKept;
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
        List<UpsertResult> results = pending.contacts.stream().map(AcmeCrmClient::resultOf).toList();
        if (ids.contains("interrupted")) {
            Thread.currentThread().interrupt();
            pending.future.set(results);
            interruptKept = Thread.interrupted();
        } else {
            pending.future.set(results);
        }
    }
}
