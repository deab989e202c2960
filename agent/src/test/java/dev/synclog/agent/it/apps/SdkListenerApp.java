package dev.synclog.agent.it.apps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Address;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.Contact;
import dev.synclog.agent.it.apps.sdk.AcmeCrmClient.UpsertResult;
import dev.synclog.agent.it.apps.sdk.AcmeListenerClient;
import dev.synclog.agent.it.apps.sdk.AcmeListenerClient.ErrorResponse;
import dev.synclog.agent.it.apps.sdk.AcmeListenerClient.UpsertListener;

/**
 * A sync service on {@link AcmeListenerClient}, whose listener hears progress before the outcome on the SDK's thread: a
 * batch answered per row, one throttled, one failed without a message. Prints everything its listeners heard, and on
 * which thread.
 */
public final class SdkListenerApp {
    private static final List<String> heard = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        AcmeListenerClient crm = new AcmeListenerClient();
        crm.batchUpsert(List.of(contact("c1", "ann@example.com"), contact("c2", "bob@")), new Heard("upsert"));
        crm.batchUpsert(List.of(contact("throttled", "cat@example.com"), contact("c3", "dan@example.com")),
                new Heard("throttled"));
        crm.batchUpsert(List.of(contact("broken", "eve@example.com")), new Heard("broken"));
        crm.deliver();
        heard.forEach(System.out::println);
    }

    private static Contact contact(String id, String email) {
        return new Contact(id, email, "pw", new Address("Oslo", null));
    }

    private record Heard(String name) implements UpsertListener {
        @Override
        public void onProgress(int percent) {
            heard.add(name + " progress: " + percent + " on " + Thread.currentThread().getName());
        }

        @Override
        public void onSuccess(List<UpsertResult> results) {
            heard.add(name + ": " + results + " on " + Thread.currentThread().getName());
        }

        @Override
        public void onError(ErrorResponse error) {
            heard.add(name + " failed: " + error + " on " + Thread.currentThread().getName());
        }
    }
}
