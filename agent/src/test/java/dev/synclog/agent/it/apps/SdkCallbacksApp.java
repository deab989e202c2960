package dev.synclog.agent.it.apps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.synclog.agent.it.apps.sdk.AcmeCallbackClient;
import dev.synclog.agent.it.apps.sdk.AcmeCallbackClient.UpsertCallback;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Address;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.UpsertResult;

/**
 * A sync service on {@link AcmeCallbackClient}, whose method reports to a callback on the SDK's thread: a batch
 * answered per row, one refused, one sent without a callback, one whose callback throws, one rejected at once (the SDK
 * calls back and throws), one the SDK refuses to take (throws only), and one never answered before the app exits.
 * Prints what its callbacks got, on which thread, and what the SDK logged.
 */
public final class SdkCallbacksApp {
    private static final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        AcmeCallbackClient crm = new AcmeCallbackClient();
        crm.batchUpsert(List.of(contact("c1", "ann@example.com"), contact("c2", "bob@")), new Heard("upsert", false));
        crm.batchUpsert(List.of(contact("refused", "x@example.com"), contact("c3", "cat@example.com")),
                new Heard("refused", false));
        crm.batchUpsert(List.of(contact("c4", "dan@example.com")));
        crm.batchUpsert(List.of(contact("c5", "eve@example.com")), new Heard("throwing", true));
        try {
            crm.batchUpsert(List.of(contact("rejected", "fay@example.com")), new Heard("rejected", false));
        } catch (RuntimeException e) {
            System.out.println("rejected threw: " + e);
        }
        try {
            crm.batchUpsert(List.of(contact("no-email", null)), new Heard("no email", false));
        } catch (RuntimeException e) {
            System.out.println("no email threw: " + e);
        }
        crm.batchUpsert(List.of(contact("lost", "hal@example.com")), new Heard("lost", false));
        crm.deliver();
        heard.forEach(System.out::println);
        crm.log().forEach(line -> System.out.println("sdk: " + line));
    }

    private static Contact contact(String id, String email) {
        return new Contact(id, email, "pw", new Address("Oslo", null));
    }

    /** The app's callback: notes what it got, and on which thread; {@code throwing} throws after noting it. */
    private record Heard(String name, boolean throwing) implements UpsertCallback {
        @Override
        public void onSuccess(List<UpsertResult> results) {
            heard.add(name + ": " + results + " on " + Thread.currentThread().getName());
            if (throwing) {
                throw new IllegalStateException("the app's callback failed");
            }
        }

        @Override
        public void onFailure(Exception failure) {
            heard.add(name + " failed: " + failure + " on " + Thread.currentThread().getName());
        }

        @Override
        public String toString() {
            return "callback " + name;
        }

        @Override
        public int hashCode() {
            return name.length();
        }
    }
}
