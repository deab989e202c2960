package dev.synclog.agent.it.apps.sdk;

import java.util.List;

import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.UpsertResult;

/**
 * A fake vendor SDK whose listener hears more than the outcome, as many vendors' do: progress first, then success with
 * one result per contact, or a failure given as an error object rather than an exception. {@link #batchUpsert} queues
 * the batch and returns; the SDK's own (daemon) thread answers it once the app calls {@link #deliver}: progress at 0
 * and 100 percent, then {@code onError} with 429 when a contact's id is {@code throttled}, with 500 and no message
 * when it is {@code broken}, else {@code onSuccess}. Part of the listener is inherited, as SDKs share a base listener.
 */
public final class AcmeListenerClient {
    /** What every listener of the SDK hears. */
    public interface BaseListener {
        void onProgress(int percent);

        void onError(ErrorResponse error);
    }

    public interface UpsertListener extends BaseListener {
        void onSuccess(List<UpsertResult> results);
    }

    /** The API's error, as the SDK hands it over: a plain object, not an exception. */
    public static final class ErrorResponse {
        private final int code;
        private final String message;

        ErrorResponse(int code, String message) {
            this.code = code;
            this.message = message;
        }

        public int getCode() {
            return code;
        }

        public String getMessage() {
            return message;
        }

        @Override
        public String toString() {
            return "ErrorResponse(" + code + ", " + message + ")";
        }
    }

    private record Pending(List<Contact> contacts, UpsertListener listener) {
    }

    private final AcmeDeliveries<Pending> deliveries = new AcmeDeliveries<>("acme-listener-worker", this::complete);

    public void batchUpsert(List<Contact> contacts, UpsertListener listener) {
        deliveries.add(new Pending(List.copyOf(contacts), listener));
    }

    /** Has the SDK's thread answer every batch queued so far, and waits until it has. */
    public void deliver() throws InterruptedException {
        deliveries.deliver();
    }

    private void complete(Pending pending) {
        List<String> ids = pending.contacts.stream().map(Contact::getId).toList();
        pending.listener.onProgress(0);
        pending.listener.onProgress(100);
        if (ids.contains("throttled")) {
            pending.listener.onError(new ErrorResponse(429, "rate limited: retry after 30 s"));
        } else if (ids.contains("broken")) {
            pending.listener.onError(new ErrorResponse(500, null));
        } else {
            pending.listener.onSuccess(pending.contacts.stream().map(AcmeCrmClient::resultOf).toList());
        }
    }
}
