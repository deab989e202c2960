package dev.synclog.agent.it.apps.sdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.AcmeApiException;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.UpsertResult;

/**
 * A fake vendor SDK that reports each batch's result to a callback the app passes in, with a method for each outcome,
 * as many vendors' {@code xxxAsync(request, callback)} methods do. {@link #batchUpsert} queues the batch and returns;
 * the SDK's own (daemon) thread answers it once the app calls {@link #deliver}: {@code onSuccess} with one result per
 * contact, or {@code onFailure} when a contact's id is {@code refused}; a batch holding {@code lost} is never answered.
 * As SDKs do, it may also fail at once: a contact without an email throws without calling back, and a contact
 * {@code rejected} calls {@code onFailure} on the calling thread and then throws the same exception. A null callback
 * is skipped; what a callback throws is caught and logged by the SDK, and the SDK logs how it saw the callback
 * ({@code toString}, {@code hashCode}, null as {@code Objects} prints it), so that the app can print what the SDK saw.
 */
public final class AcmeCallbackClient {
    public interface UpsertCallback {
        void onSuccess(List<UpsertResult> results);

        void onFailure(Exception failure);
    }

    private record Pending(List<Contact> contacts, UpsertCallback callback) {
    }

    private final AcmeDeliveries<Pending> deliveries = new AcmeDeliveries<>("acme-callback-worker", this::complete);
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** Without a callback: the overload SDKs offer for fire-and-forget sends. */
    public void batchUpsert(List<Contact> contacts) {
        batchUpsert(contacts, null);
    }

    public void batchUpsert(List<Contact> contacts, UpsertCallback callback) {
        List<String> ids = contacts.stream().map(Contact::getId).toList();
        if (contacts.stream().anyMatch(contact -> contact.getEmail() == null)) {
            throw new IllegalArgumentException("every contact needs an email");
        }
        if (ids.contains("rejected")) {
            AcmeApiException rejected = new AcmeApiException("batch rejected: contact 'rejected' is not allowed");
            if (callback != null) {
                callback.onFailure(rejected);
            }
            throw rejected;
        }
        log.add("queued for " + callback + " (hash " + Objects.hashCode(callback) + ")");
        deliveries.add(new Pending(List.copyOf(contacts), callback));
    }

    /** Has the SDK's thread answer every batch queued so far, and waits until it has. */
    public void deliver() throws InterruptedException {
        deliveries.deliver();
    }

    /** What the SDK logged: how it saw the callbacks, and what they threw. */
    public List<String> log() {
        return List.copyOf(log);
    }

    private void complete(Pending pending) {
        List<String> ids = pending.contacts.stream().map(Contact::getId).toList();
        if (ids.contains("lost") || pending.callback == null) {
            return;
        }
        try {
            if (ids.contains("refused")) {
                pending.callback.onFailure(new AcmeApiException("batch refused: contact 'refused' is on the block list"));
                return;
            }
            List<UpsertResult> results = pending.contacts.stream().map(AcmeCrmClient::resultOf).toList();
            pending.callback.onSuccess(results);
        } catch (RuntimeException e) {
            log.add("callback threw " + e + " on " + Thread.currentThread().getName());
        }
    }
}
